import type { ChatMessage } from '../live/demo-protocol';
import { MAX_SHOWN_MESSAGES, mergeMessages } from './merge-messages';

const message = (id: string, at: number, text = id): ChatMessage => ({ id, from: 'ada', text, at });

describe('mergeMessages', () => {
  it('appends new messages and skips ones already shown, so each appears exactly once', () => {
    const shown = [message('a', 1), message('b', 2)];
    expect(mergeMessages(shown, [message('b', 2), message('c', 3), message('c', 3)]).map((m) => m.id)).toEqual(['a', 'b', 'c']);
  });

  it('returns the same array when nothing is new, so a signal holding it does not change', () => {
    const shown = [message('a', 1)];
    expect(mergeMessages(shown, [message('a', 1)])).toBe(shown);
  });

  it('fills in what was missed while disconnected in server-time order, keeping equal times in arrival order', () => {
    const shown = [message('a', 1), message('d', 4)];
    const history = [message('a', 1), message('b', 2), message('c', 2), message('d', 4)];
    expect(mergeMessages(shown, history).map((m) => m.id)).toEqual(['a', 'b', 'c', 'd']);
  });

  it(`keeps only the newest ${MAX_SHOWN_MESSAGES}`, () => {
    const many = Array.from({ length: MAX_SHOWN_MESSAGES + 5 }, (_, i) => message(`m${i}`, i));
    const merged = mergeMessages([], many);
    expect(merged).toHaveLength(MAX_SHOWN_MESSAGES);
    expect(merged[0].id).toBe('m5');
  });
});
