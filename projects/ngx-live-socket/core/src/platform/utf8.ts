/** UTF-8 length of a string in bytes, without allocating the encoded bytes. */
export function utf8ByteLength(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) {
      bytes += 1;
    } else if (code < 0x800) {
      bytes += 2;
    } else if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 4; // a surrogate pair: one code point above U+FFFF
      i++;
    } else {
      bytes += 3;
    }
  }
  return bytes;
}

/** Size of an outgoing frame in bytes: UTF-8 for text, byte length for binary. */
export function frameByteLength(frame: string | ArrayBufferLike | Blob | ArrayBufferView): number {
  if (typeof frame === 'string') {
    return utf8ByteLength(frame);
  }
  if (typeof Blob !== 'undefined' && frame instanceof Blob) {
    return frame.size;
  }
  return (frame as ArrayBufferLike | ArrayBufferView).byteLength;
}
