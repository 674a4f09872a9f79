/** A frame as the socket sends it: text, or binary in any of the forms `WebSocket.send` takes. */
export type OutgoingFrame = string | ArrayBufferLike | Blob | ArrayBufferView;
