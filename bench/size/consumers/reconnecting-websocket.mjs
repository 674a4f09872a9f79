// reconnecting-websocket: a reconnecting socket, one listener, one message sent.
import ReconnectingWebSocket from 'reconnecting-websocket';

const socket = new ReconnectingWebSocket('ws://localhost/live');
socket.addEventListener('message', (event) => console.log(JSON.parse(event.data)));
socket.send(JSON.stringify({ type: 'chat.send', payload: { text: 'hello' } }));
