export interface ChatLine {
  id: string;
  /** Milliseconds since the epoch, as the sender's stream said. */
  at: number;
  from: string;
  mine: boolean;
  text: string;
}

/** A long call should not grow the page without end; the newest lines are the ones people read. */
export const MAX_CHAT_LINES = 200;

/**
 * Adds one line in time order. A line seen before (a stream delivered twice after a reconnect)
 * is not repeated, and only the newest `MAX_CHAT_LINES` are kept.
 */
export function addChatLine(lines: ChatLine[], line: ChatLine): ChatLine[] {
  if (lines.some((l) => l.id === line.id)) return lines;
  // Streams can finish out of order; the sort is stable, so equal times keep their arrival order.
  const next = [...lines, line].sort((a, b) => a.at - b.at);
  return next.slice(-MAX_CHAT_LINES);
}

/** What goes on the wire: trimmed, and nothing at all when there is nothing to say. */
export function chatText(draft: string): string | null {
  const text = draft.trim();
  return text.length > 0 ? text : null;
}
