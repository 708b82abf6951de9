import { describe, expect, it } from 'vitest';
import { addChatLine, type ChatLine, chatText, MAX_CHAT_LINES } from './chat-log.ts';

const line = (id: string, at: number): ChatLine => ({ id, at, from: 'Ash', mine: false, text: `message ${id}` });

describe('addChatLine', () => {
  it('adds lines in time order, even when a stream finishes late', () => {
    let lines = addChatLine([], line('a', 1));
    lines = addChatLine(lines, line('c', 3));
    lines = addChatLine(lines, line('b', 2));
    expect(lines.map((l) => l.id)).toEqual(['a', 'b', 'c']);
  });

  it('does not repeat a line delivered twice', () => {
    const lines = addChatLine([line('a', 1)], line('a', 1));
    expect(lines).toHaveLength(1);
  });

  it('keeps only the newest lines', () => {
    let lines: ChatLine[] = [];
    for (let i = 0; i < MAX_CHAT_LINES + 5; i++) lines = addChatLine(lines, line(String(i), i));
    expect(lines).toHaveLength(MAX_CHAT_LINES);
    expect(lines[0]?.id).toBe('5');
  });
});

describe('chatText', () => {
  it('trims, and sends nothing for a blank message', () => {
    expect(chatText('  hello \n')).toBe('hello');
    expect(chatText(' \n\t')).toBeNull();
  });
});
