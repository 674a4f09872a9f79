import { SchematicTestRunner, UnitTestTree } from '@angular-devkit/schematics/testing';
import { join } from 'node:path';
import type { NgAddOptions } from './schema';

const COLLECTION = join(__dirname, '../collection.json');

describe('ng add ngx-live-socket', () => {
  const runner = new SchematicTestRunner('ngx-live-socket', COLLECTION);
  let standaloneWorkspace: UnitTestTree;
  let moduleWorkspace: UnitTestTree;

  /** A workspace and application as `ng new` makes them, by the installed @schematics/angular 21. */
  async function generateWorkspace(application: Record<string, unknown>): Promise<UnitTestTree> {
    const workspace = await runner.runExternalSchematic('@schematics/angular', 'workspace', { name: 'workspace', newProjectRoot: 'projects', version: '21.0.0' });
    return runner.runExternalSchematic('@schematics/angular', 'application', { name: 'shop', skipInstall: true, ...application }, workspace);
  }

  beforeAll(async () => {
    standaloneWorkspace = await generateWorkspace({});
    moduleWorkspace = await generateWorkspace({ standalone: false });
  });

  const copyOf = (tree: UnitTestTree) => new UnitTestTree(tree.branch());
  const ngAdd = (tree: UnitTestTree, options: Partial<NgAddOptions> = {}) => runner.runSchematic('ng-add', options, tree);
  const appConfig = (tree: UnitTestTree) => tree.readText('projects/shop/src/app/app.config.ts');

  it('adds provideWebSocket({ url }, withReconnect()) and its import to a standalone app.config.ts', async () => {
    const before = copyOf(standaloneWorkspace);
    expect(appConfig(before)).not.toContain('provideWebSocket');
    const tree = await ngAdd(before, { url: 'wss://api.example.com/live' });
    const config = appConfig(tree);
    expect(config).toContain("import { provideWebSocket, withReconnect } from 'ngx-live-socket';");
    expect(config).toMatch(/providers: \[[^\]]*provideWebSocket\(\{ url: 'wss:\/\/api\.example\.com\/live' \}, withReconnect\(\)\)\s*\]/);
    expect(tree.readText('projects/shop/src/main.ts')).toBe(standaloneWorkspace.readText('projects/shop/src/main.ts'));
  });

  it('connects to /live unless told otherwise, and adds withHeartbeat() with --heartbeat', async () => {
    expect(appConfig(await ngAdd(copyOf(standaloneWorkspace)))).toContain("provideWebSocket({ url: '/live' }, withReconnect())");
    const config = appConfig(await ngAdd(copyOf(standaloneWorkspace), { url: '/ws', heartbeat: true }));
    expect(config).toContain("import { provideWebSocket, withReconnect, withHeartbeat } from 'ngx-live-socket';");
    expect(config).toContain("provideWebSocket({ url: '/ws' }, withReconnect(), withHeartbeat())");
  });

  it('quotes the URL safely in the generated code', async () => {
    const config = appConfig(await ngAdd(copyOf(standaloneWorkspace), { url: "/live?name=o'neil\\x" }));
    expect(config).toContain("provideWebSocket({ url: '/live?name=o\\'neil\\\\x' }, withReconnect())");
  });

  it("adds the provider to an NgModule app's root module", async () => {
    const tree = await ngAdd(copyOf(moduleWorkspace), { url: '/live' });
    const module = tree.readText('projects/shop/src/app/app-module.ts');
    expect(module).toContain("import { provideWebSocket, withReconnect } from 'ngx-live-socket';");
    expect(module).toMatch(/providers: \[[^\]]*provideWebSocket\(\{ url: '\/live' \}, withReconnect\(\)\),?\s*\]/);
  });

  it('changes nothing when run a second time', async () => {
    for (const workspace of [standaloneWorkspace, moduleWorkspace]) {
      const once = await ngAdd(copyOf(workspace), { url: '/live' });
      const snapshot = new Map(once.files.map((path) => [path, once.read(path)]));
      const messages: string[] = [];
      const subscription = runner.logger.subscribe((entry) => messages.push(entry.message));
      const twice = await ngAdd(once, { url: '/other', heartbeat: true });
      subscription.unsubscribe();
      expect(new Map(twice.files.map((path) => [path, twice.read(path)]))).toEqual(snapshot);
      expect(messages.join('\n')).toMatch(/ngx-live-socket is already set up in \/projects\/shop\/src\/app\/app[.-](config|module)\.ts \(it calls provideWebSocket\); nothing to change\./);
    }
  });

  it('picks the project given with --project, and explains an unknown one or a library', async () => {
    const tree = copyOf(standaloneWorkspace);
    const withAdmin = await runner.runExternalSchematic('@schematics/angular', 'application', { name: 'admin', skipInstall: true }, tree);
    const withLibrary = await runner.runExternalSchematic('@schematics/angular', 'library', { name: 'shared', skipInstall: true }, withAdmin);

    await expect(ngAdd(copyOf(withLibrary))).rejects.toThrow('This workspace has several applications (shop, admin): choose one with --project.');
    await expect(ngAdd(copyOf(withLibrary), { project: 'shpo' })).rejects.toThrow(
      'Project "shpo" does not exist in this workspace. Applications: shop, admin. Choose one with --project.',
    );
    await expect(ngAdd(copyOf(withLibrary), { project: 'shared' })).rejects.toThrow(
      'Project "shared" is not an application; ngx-live-socket is set up in an application. Applications: shop, admin.',
    );
    const added = await ngAdd(copyOf(withLibrary), { project: 'admin' });
    expect(added.readText('projects/admin/src/app/app.config.ts')).toContain('provideWebSocket(');
    expect(appConfig(added)).not.toContain('provideWebSocket(');
  });

  it('explains a workspace it cannot change', async () => {
    const empty = copyOf(standaloneWorkspace);
    empty.delete('angular.json');
    await expect(ngAdd(empty)).rejects.toThrow('ng add ngx-live-socket must run in an Angular workspace (with an angular.json):');

    const noApplication = copyOf(standaloneWorkspace);
    noApplication.overwrite('angular.json', JSON.stringify({ version: 1, projects: {} }));
    await expect(ngAdd(noApplication)).rejects.toThrow('This workspace has no application to set up ngx-live-socket in; create one with ng generate application.');

    const customMain = copyOf(standaloneWorkspace);
    customMain.overwrite('projects/shop/src/main.ts', "import './polyfills';\nconsole.log('started elsewhere');\n");
    await expect(ngAdd(customMain, { url: '/live' })).rejects.toThrow(
      /^Could not add provideWebSocket\(\) to the providers of project "shop": .+\nAdd it by hand to your application providers: provideWebSocket\(\{ url: '\/live' \}, withReconnect\(\)\), imported from 'ngx-live-socket'\.$/,
    );
  });

  it('rejects a URL a WebSocket cannot use, saying what is allowed', async () => {
    const allowed = 'use a ws:, wss:, http: or https: URL, or a path such as /live.';
    await expect(ngAdd(copyOf(standaloneWorkspace), { url: 'ftp://example.com/live' })).rejects.toThrow(`Invalid --url "ftp://example.com/live": the scheme ftp: is not allowed; ${allowed}`);
    await expect(ngAdd(copyOf(standaloneWorkspace), { url: ' ' })).rejects.toThrow(`Invalid --url " ": ${allowed}`);
    await expect(ngAdd(copyOf(standaloneWorkspace), { url: 'wss://example.com/live#top' })).rejects.toThrow('Invalid --url "wss://example.com/live#top": a WebSocket URL cannot have a #fragment.');
    await expect(ngAdd(copyOf(standaloneWorkspace), { url: 'http://[bad' })).rejects.toThrow(`Invalid --url "http://[bad": it is not a URL; ${allowed}`);
  });
});
