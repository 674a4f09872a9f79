/** @jest-config-loader-options {"transpileOnly": true} */
import type { Config } from 'jest';
import { createCjsPreset } from 'jest-preset-angular/presets';

/**
 * Every Jest test of the workspace. No Karma anywhere: Angular code runs in jsdom through jest-preset-angular.
 *
 * - `unit`: `*.spec.ts` in jsdom, zoneless TestBed; sockets and the connection's clock are the library's own
 *   fakes (`ngx-live-socket/testing`; `tests/support/fake-server.ts` plays the server for the core clients).
 * - `zoned`: `*.zone.spec.ts` in jsdom with zone.js loaded, for apps that still run in NgZone.
 * - `node`: `*.node.spec.ts` in plain Node: tests against real `ws` servers on 127.0.0.1, server-side
 *   rendering with @angular/platform-server, and the `ng add` schematic on generated workspaces.
 */
const preset = createCjsPreset({ tsconfig: '<rootDir>/tsconfig.spec.json' });

const shared: Config = {
  ...preset,
  rootDir: __dirname,
  // The built package in dist/ has the same name as the sources; tests always run the sources.
  modulePathIgnorePatterns: ['<rootDir>/dist/'],
  moduleNameMapper: {
    '^ngx-live-socket$': '<rootDir>/projects/ngx-live-socket/src/public-api.ts',
    '^ngx-live-socket/(.*)$': '<rootDir>/projects/ngx-live-socket/$1/public-api.ts',
    '^ora$': '<rootDir>/tests/support/ora-for-jest.cjs',
    '^\\.\\./third_party/domino/bundled-domino\\.mjs$': '<rootDir>/tests/support/domino-for-jest.cjs',
  },
};

const config: Config = {
  projects: [
    {
      ...shared,
      displayName: 'unit',
      testEnvironment: 'jsdom',
      setupFilesAfterEnv: ['<rootDir>/tests/setup-zoneless.ts'],
      testMatch: ['<rootDir>/projects/**/*.spec.ts', '<rootDir>/demo/**/*.spec.ts'],
      testPathIgnorePatterns: ['\\.(node|zone)\\.spec\\.ts$', '/node_modules/'],
    },
    {
      ...shared,
      displayName: 'zoned',
      testEnvironment: 'jsdom',
      setupFilesAfterEnv: ['<rootDir>/tests/setup-zone.ts'],
      testMatch: ['<rootDir>/projects/**/*.zone.spec.ts', '<rootDir>/demo/**/*.zone.spec.ts'],
    },
    {
      ...shared,
      displayName: 'node',
      testEnvironment: 'node',
      testMatch: ['<rootDir>/projects/**/*.node.spec.ts', '<rootDir>/demo/**/*.node.spec.ts', '<rootDir>/tests/**/*.node.spec.ts'],
    },
  ],
};

export default config;
