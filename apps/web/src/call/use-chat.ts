import type { Room } from 'livekit-client';
import { useCallback, useEffect, useState } from 'react';
import { addChatLine, type ChatLine } from './chat-log.ts';

/** LiveKit's own chat topic, so other LiveKit clients (and its components) read the same messages. */
export const CHAT_TOPIC = 'lk.chat';

/**
 * Text chat over LiveKit data streams. Nothing is stored anywhere: the messages exist only in
 * the browsers of the people in the call.
 */
export function useChat(room: Room): { lines: ChatLine[]; send(text: string): Promise<void> } {
  const [lines, setLines] = useState<ChatLine[]>([]);

  useEffect(() => {
    room.registerTextStreamHandler(CHAT_TOPIC, (reader, { identity }) => {
      const { id, timestamp } = reader.info;
      reader.readAll().then(
        (text) => {
          const from = room.getParticipantByIdentity(identity)?.name || 'Someone';
          setLines((current) => addChatLine(current, { id, at: timestamp, from, mine: false, text }));
        },
        () => {
          // A stream cut off half-way (the sender dropped): there is no message to show.
        },
      );
    });
    return () => room.unregisterTextStreamHandler(CHAT_TOPIC);
  }, [room]);

  const send = useCallback(
    async (text: string) => {
      const info = await room.localParticipant.sendText(text, { topic: CHAT_TOPIC });
      setLines((current) => addChatLine(current, { id: info.id, at: info.timestamp, from: 'You', mine: true, text }));
    },
    [room],
  );

  return { lines, send };
}
