// socket.io-client: a connection with its default transports, one event listener, one event sent.
import { io } from 'socket.io-client';

const socket = io('http://localhost/');
socket.on('chat.message', (message) => console.log(message));
socket.emit('chat.send', { text: 'hello' });
