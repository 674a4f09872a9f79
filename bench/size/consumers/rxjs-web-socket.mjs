// rxjs webSocket: one socket, one multiplexed stream, one message sent (no reconnect: rxjs has none).
import { webSocket } from 'rxjs/webSocket';

const socket = webSocket('ws://localhost/live');
socket
  .multiplex(() => ({ type: 'sub', channel: 'a' }), () => ({ type: 'unsub', channel: 'a' }), (message) => message.channel === 'a')
  .subscribe((message) => console.log(message));
socket.next({ type: 'chat.send', payload: { text: 'hello' } });
