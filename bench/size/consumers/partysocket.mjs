// partysocket: a reconnecting PartySocket for one room, one listener, one message sent.
import PartySocket from 'partysocket';

const socket = new PartySocket({ host: 'localhost:1999', room: 'room-42' });
socket.addEventListener('message', (event) => console.log(JSON.parse(event.data)));
socket.send(JSON.stringify({ type: 'chat.send', payload: { text: 'hello' } }));
