import type { RequestErrorKind } from '../messaging/request-error';
import type { WebSocketErrorKind } from './web-socket-error';

/**
 * The stable code of every error the library raises, listed in docs/errors.md. In a production build
 * (`ngDevMode` false) an error carries its code and kind but not the long text, which the build drops;
 * in development, and outside Angular, it carries both.
 */
export const ERROR_CODES: Readonly<Record<WebSocketErrorKind | `request-${RequestErrorKind}` | 'argument' | 'not-configured' | 'missing-part' | 'feature-not-provided', string>> = {
  argument: 'NLS100',
  'url-failed': 'NLS201',
  'create-failed': 'NLS202',
  'connect-timeout': 'NLS203',
  'socket-error': 'NLS204',
  'heartbeat-timeout': 'NLS205',
  'auth-refused': 'NLS206',
  'gave-up': 'NLS207',
  'send-failed': 'NLS208',
  'hook-failed': 'NLS209',
  'malformed-frame': 'NLS301',
  'server-error': 'NLS302',
  'queue-overflow': 'NLS303',
  'queue-restore-failed': 'NLS304',
  'protocol-error': 'NLS305',
  'seq-gap': 'NLS306',
  'resume-gap': 'NLS307',
  'request-timeout': 'NLS401',
  'request-error-reply': 'NLS402',
  'request-not-sent': 'NLS403',
  'not-configured': 'NLS501',
  'missing-part': 'NLS502',
  'feature-not-provided': 'NLS503',
};

/**
 * The text of an error: the long explanation where the build kept it (`detail`), or, in production where
 * `detail` is `false`, the code and a short `summary` that names what went wrong.
 */
export function errorText(code: string, summary: string, detail: string | false): string {
  return detail === false ? `${code} ${summary} (see docs/errors.md)` : detail;
}
