import { ChannelRegistry } from './channel-registry';

describe('ChannelRegistry', () => {
  it('reports the first join and the last leave of each channel', () => {
    const channels = new ChannelRegistry();
    expect(channels.acquire('a')).toBe(true);
    expect(channels.acquire('a')).toBe(false);
    expect(channels.acquire('b')).toBe(true);
    expect([...channels.active()]).toEqual(['a', 'b']);
    expect(channels.release('a')).toBe(false);
    expect(channels.release('a')).toBe(true);
    expect(channels.release('a')).toBe(false); // an extra release changes nothing
    expect([...channels.active()]).toEqual(['b']);
  });
});
