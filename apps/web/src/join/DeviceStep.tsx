import { useEffect, useId, useRef, useState } from 'react';
import { FormAlert } from '../forms/Field.tsx';
import type { DeviceChoice } from '../live/entry-store.ts';
import { type DeviceOption, deviceChoice, type VideoMode } from './devices.ts';
import { StepHeading } from './StepHeading.tsx';
import { useMediaCheck } from './use-media-check.ts';
import { useMicLevel } from './use-mic-level.ts';

interface DeviceStepProps {
  /** What they chose last time, when they come back to this step. */
  initial: DeviceChoice | null;
  facilitator: boolean;
  busy: boolean;
  /** Why joining failed, when it did. */
  error: string | undefined;
  /** Set while the doors are not open yet: why the join button waits. */
  notYet?: string | undefined;
  focus: boolean;
  onBack(): void;
  onJoin(devices: DeviceChoice): void;
}

const MODES: { value: VideoMode; label: string; hint: string }[] = [
  { value: 'camera', label: 'With my camera on', hint: 'Others see and hear you.' },
  {
    value: 'no-camera',
    label: 'Without my camera',
    hint: 'Others hear you; you still see them. You can turn your camera on later.',
  },
  {
    value: 'audio-only',
    label: 'Audio only',
    hint: 'No video either way: best on a weak connection or to save mobile data.',
  },
];

const initialMode = (d: DeviceChoice | null): VideoMode =>
  d === null || d.camera ? 'camera' : d.audioOnly ? 'audio-only' : 'no-camera';

/**
 * Step 3: see yourself, hear yourself, choose how to take part. Uses the browser's media
 * APIs directly (not the call library) so the join flow stays a small download, and lets go of
 * the camera and microphone the moment the step is left.
 */
export function DeviceStep({ initial, facilitator, busy, error, notYet, focus, onBack, onJoin }: DeviceStepProps) {
  const notYetId = useId();
  const [mode, setMode] = useState<VideoMode>(() => initialMode(initial));
  const [micOn, setMicOn] = useState(initial?.mic ?? true);
  const [chosenCamera, setChosenCamera] = useState(initial?.cameraId);
  const [chosenMic, setChosenMic] = useState(initial?.micId);
  const media = useMediaCheck({ video: mode === 'camera', cameraId: chosenCamera, micId: chosenMic });
  const { level, heard } = useMicLevel(media.stream);
  const video = useRef<HTMLVideoElement>(null);
  const hasCamera = (media.stream?.getVideoTracks().length ?? 0) > 0;
  const hasMic = (media.stream?.getAudioTracks().length ?? 0) > 0;

  useEffect(() => {
    const el = video.current;
    if (!el) return;
    el.srcObject = hasCamera ? media.stream : null;
    if (hasCamera) void el.play().catch(() => {});
  }, [media.stream, hasCamera]);

  function join() {
    // Someone who presses "join" before the preview has started still meant what they chose:
    // only a device that failed (no permission, none there) is left off.
    const camera = hasCamera || (media.status === 'starting' && !media.cameraError);
    const mic = hasMic || (media.status === 'starting' && !media.micError);
    onJoin(deviceChoice(mode, micOn, { camera, cameraId: media.cameraId, mic, micId: media.micId }));
  }

  const starting = media.status === 'starting';
  const problems = [mode === 'camera' ? media.cameraError : null, media.micError].filter((p): p is string => !!p);
  const noMic = media.status === 'ready' && !hasMic;

  return (
    <section aria-labelledby="step-devices" className="card">
      <StepHeading id="step-devices" count="Step 3 of 3" focus={focus}>
        Check your camera and microphone
      </StepHeading>
      <p className="muted">Only you can see this preview. Nothing is recorded.</p>

      <fieldset className="video-modes">
        <legend>How do you want to join?</legend>
        {MODES.map((m) => (
          <div className="choice" key={m.value}>
            <input
              type="radio"
              name="video-mode"
              id={`mode-${m.value}`}
              value={m.value}
              checked={mode === m.value}
              onChange={() => setMode(m.value)}
              aria-describedby={`mode-${m.value}-hint`}
            />
            <label htmlFor={`mode-${m.value}`}>
              {m.label}
              <span id={`mode-${m.value}-hint`} className="hint">
                {m.hint}
              </span>
            </label>
          </div>
        ))}
      </fieldset>

      <div className="device-check">
        <div className="preview-frame">
          {mode === 'camera' && hasCamera ? (
            <video ref={video} muted playsInline autoPlay aria-label="Your camera preview" />
          ) : (
            <p className="preview-off">
              {mode === 'camera' ? (starting ? 'Starting your camera…' : 'No camera picture') : 'Camera off'}
            </p>
          )}
        </div>
        <div className="device-controls">
          {mode === 'camera' && media.cameras.length > 0 && (
            <DeviceSelect
              label="Camera"
              options={media.cameras}
              value={media.cameraId ?? chosenCamera}
              onChange={setChosenCamera}
            />
          )}
          {media.mics.length > 0 && (
            <DeviceSelect
              label="Microphone"
              options={media.mics}
              value={media.micId ?? chosenMic}
              onChange={setChosenMic}
            />
          )}
          <MicMeter level={level} heard={heard} active={hasMic} starting={starting} />
          <div className="choice">
            <input
              type="checkbox"
              id="mic-on"
              checked={micOn && !noMic}
              disabled={noMic}
              onChange={(e) => setMicOn(e.target.checked)}
            />
            <label htmlFor="mic-on">Microphone on when I join</label>
          </div>
        </div>
      </div>

      {problems.length > 0 && (
        <div role="alert" className="banner device-problems">
          {problems.map((p) => (
            <p key={p}>{p}</p>
          ))}
          {noMic && <p>You can still join to listen, and use the chat.</p>}
          <button type="button" className="secondary" onClick={media.retry}>
            Try again
          </button>
        </div>
      )}

      <FormAlert message={error} />
      {notYet && (
        <p id={notYetId} className="notice">
          {notYet}
        </p>
      )}
      <div className="actions">
        <button type="button" className="secondary" onClick={onBack} disabled={busy}>
          Back
        </button>
        <button
          type="button"
          onClick={join}
          disabled={busy || notYet !== undefined}
          aria-describedby={notYet ? notYetId : undefined}
        >
          {busy ? 'Joining…' : facilitator ? 'Join the call' : 'Join the waiting room'}
        </button>
      </div>
    </section>
  );
}

function DeviceSelect(props: {
  label: string;
  options: DeviceOption[];
  value: string | undefined;
  onChange(id: string): void;
}) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      <select id={id} value={props.value ?? ''} onChange={(e) => props.onChange(e.target.value)}>
        {props.value === undefined && <option value="">Your browser's choice</option>}
        {props.options.map((o) => (
          <option key={o.id} value={o.id}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/** A meter for the eye and a sentence for everyone: the colour of the bar never carries the meaning alone. */
function MicMeter({
  level,
  heard,
  active,
  starting,
}: {
  level: number;
  heard: boolean;
  active: boolean;
  starting: boolean;
}) {
  let words: string;
  if (starting) words = 'Starting your microphone…';
  else if (!active) words = 'No microphone is on.';
  else if (heard) words = 'We can hear you.';
  else words = 'Say something: the bar moves when we can hear you.';
  return (
    <div className="mic-check">
      <label htmlFor="mic-level">Microphone level</label>
      <meter
        id="mic-level"
        min={0}
        max={100}
        low={15}
        high={85}
        optimum={50}
        value={active ? level : 0}
        aria-describedby="mic-words"
      >
        {level}
      </meter>
      <p id="mic-words" role="status">
        {words}
      </p>
    </div>
  );
}
