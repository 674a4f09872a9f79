import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';

const WIDTH = 160;
const HEIGHT = 36;
const PADDING = 3;

/** The heartbeat round trips as a small inline SVG line chart, newest on the right. */
@Component({
  selector: 'app-rtt-sparkline',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <svg
      [attr.viewBox]="'0 0 ' + width + ' ' + height"
      preserveAspectRatio="none"
      role="img"
      [attr.aria-label]="summary()"
      data-testid="rtt-sparkline"
    >
      <line class="axis" [attr.x1]="0" [attr.x2]="width" [attr.y1]="height - padding" [attr.y2]="height - padding" />
      @if (points(); as points) {
        <polyline [attr.points]="points" />
      }
    </svg>
  `,
  styles: `
    :host {
      display: block;
    }
    svg {
      display: block;
      width: 100%;
      height: 2.25rem;
    }
    /* The chart stretches to the panel's width; strokes keep their thickness. */
    polyline {
      fill: none;
      stroke: var(--accent);
      stroke-width: 2;
      stroke-linejoin: round;
      stroke-linecap: round;
      vector-effect: non-scaling-stroke;
    }
    .axis {
      stroke: var(--border);
      stroke-width: 1;
      vector-effect: non-scaling-stroke;
    }
  `,
})
export class RttSparklineComponent {
  /** Round trips in ms, oldest first. */
  readonly samples = input.required<readonly number[]>();

  protected readonly width = WIDTH;
  protected readonly height = HEIGHT;
  protected readonly padding = PADDING;

  protected readonly points = computed(() => {
    const samples = this.samples();
    if (samples.length === 0) {
      return null;
    }
    const top = Math.max(...samples, 1);
    const step = samples.length === 1 ? 0 : (WIDTH - 2 * PADDING) / (samples.length - 1);
    const y = (ms: number) => HEIGHT - PADDING - (ms / top) * (HEIGHT - 2 * PADDING);
    const coordinates = samples.map((ms, i) => `${(PADDING + i * step).toFixed(1)},${y(ms).toFixed(1)}`);
    // One sample: a short flat line, so it is visible.
    return samples.length === 1 ? `${coordinates[0]} ${(PADDING + 8).toFixed(1)},${y(samples[0]).toFixed(1)}` : coordinates.join(' ');
  });

  protected readonly summary = computed(() => {
    const samples = this.samples();
    if (samples.length === 0) {
      return 'Round-trip chart: no heartbeat measured yet';
    }
    return `Round-trip chart, last ${samples.length}: latest ${samples.at(-1)} ms, min ${Math.min(...samples)} ms, max ${Math.max(...samples)} ms`;
  });
}
