/** The envelope the throughput flood sends for type number `index` (shared by the server and the pages). */
export function floodEnvelope(index) {
  return JSON.stringify({ type: `t${index}`, payload: { id: index, price: 101.25, text: 'tick' } });
}
