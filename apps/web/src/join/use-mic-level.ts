import { useEffect, useState } from 'react';
import { HEARD_LEVEL, levelFromSamples } from './devices.ts';

type AudioContextClass = typeof AudioContext;

/**
 * The microphone's loudness (0–100) for a level meter, read once per animation frame and only
 * passed on when it moves by a few points, so the page is not re-rendered sixty times a second
 * for nothing. `heard` stays true once a voice has come through, for a plain-words confirmation.
 */
export function useMicLevel(stream: MediaStream | null): { level: number; heard: boolean } {
  const [level, setLevel] = useState(0);
  const [heard, setHeard] = useState(false);

  useEffect(() => {
    const track = stream?.getAudioTracks()[0];
    const Context: AudioContextClass | undefined =
      window.AudioContext ?? (window as unknown as { webkitAudioContext?: AudioContextClass }).webkitAudioContext;
    if (!track || !Context) {
      setLevel(0);
      return;
    }
    const context = new Context();
    const source = context.createMediaStreamSource(new MediaStream([track]));
    const analyser = context.createAnalyser();
    analyser.fftSize = 512;
    source.connect(analyser);
    const samples = new Uint8Array(analyser.fftSize);
    let shown = -1;
    let frame = 0;
    const tick = () => {
      analyser.getByteTimeDomainData(samples);
      const now = levelFromSamples(samples);
      if (Math.abs(now - shown) >= 3 || (now === 0 && shown !== 0)) {
        shown = now;
        setLevel(now);
        if (now >= HEARD_LEVEL) setHeard(true);
      }
      frame = requestAnimationFrame(tick);
    };
    // Autoplay rules can start the context suspended; the click that opened this step allows resuming it.
    void context.resume().catch(() => {});
    frame = requestAnimationFrame(tick);
    return () => {
      cancelAnimationFrame(frame);
      source.disconnect();
      void context.close().catch(() => {});
    };
  }, [stream]);

  return { level, heard };
}
