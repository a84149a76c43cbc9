/**
 * Solve as a job: submit, follow its event stream (phase, incumbent and bound over time, elapsed),
 * cancel on request, and put the plan on the page when it ends.
 */
import { api, jobEvents, type Job, type JobProgress } from './api.ts';
import { drawProgress, type Sample } from './chart.ts';
import { int, one, pct } from './format.ts';

export interface SolveUi {
  readonly button: HTMLButtonElement;
  readonly cancel: HTMLButtonElement;
  readonly timeLimit: HTMLInputElement;
  readonly phase: HTMLElement;
  readonly elapsed: HTMLElement;
  readonly chart: SVGSVGElement;
}

/** Runs one job to its end; resolves with the ended job (its result is the caller's to fetch). */
export async function runJob(ui: SolveUi, submit: () => Promise<Job>, status: (text: string) => void): Promise<Job> {
  const started = performance.now();
  const samples: Sample[] = [];
  const seconds = () => (performance.now() - started) / 1000;
  const tick = setInterval(() => { ui.elapsed.textContent = `${one(seconds())} s`; }, 200);
  ui.button.disabled = true;
  ui.phase.textContent = 'submitting';
  ui.chart.replaceChildren();
  const abort = new AbortController();
  let job = await submit();
  ui.cancel.disabled = false;
  ui.cancel.onclick = async () => {
    ui.cancel.disabled = true;
    ui.phase.textContent = 'cancelling';
    await api.cancel(job.id).catch(() => undefined);
  };
  const show = (p: JobProgress | null) => {
    if (!p) return;
    ui.phase.textContent = `${p.phase}${p.percent !== null ? ` ${int(p.percent)}%` : ''}${p.gap !== null ? ` · gap ${pct(p.gap)}` : ''}`;
    samples.push({ t: seconds(), incumbent: p.incumbent, bound: p.bound });
    drawProgress(ui.chart, samples);
  };
  try {
    status(`Job ${job.id} submitted; following its progress.`);
    await jobEvents(job.id, (event, data) => {
      if (event === 'progress') show(data as JobProgress);
      else if (event === 'status' || event === 'end') {
        job = data as Job;
        show(job.progress);
      }
    }, abort.signal);
    // The stream ends with the job's end (or a shutdown): read the job to be sure of its state.
    job = await api.job(job.id);
    ui.phase.textContent = job.status === 'succeeded' ? 'done' : job.status;
    ui.phase.dataset.status = job.status;
    return job;
  } finally {
    clearInterval(tick);
    ui.elapsed.textContent = `${one(seconds())} s`;
    ui.cancel.disabled = true;
    ui.button.disabled = false;
  }
}
