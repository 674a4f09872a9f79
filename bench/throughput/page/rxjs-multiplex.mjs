// rxjs webSocket as its docs show: one subject, one `multiplex` stream per type.
import { webSocket } from 'rxjs/webSocket';
import { exposeContender } from './harness.mjs';

let subject;
exposeContender({
  open: (url, typeNames, delivered) =>
    new Promise((resolve) => {
      subject = webSocket({ url, openObserver: { next: () => resolve() } });
      for (const type of typeNames) {
        subject
          .multiplex(
            () => ({ type: 'sub', channel: type }),
            () => ({ type: 'unsub', channel: type }),
            (message) => message.type === type,
          )
          .subscribe(() => delivered());
      }
    }),
  send: (envelope) => subject.next(envelope),
  close: () => subject.complete(),
});
