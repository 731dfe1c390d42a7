import type { ModelResult } from './measure.ts';

/** One process's output (see measure.ts). */
export interface ProcessResult {
  variant: string;
  threads: number;
  convGflops?: number;
  results: ModelResult[];
}

/** Everything measured for one model. */
export interface ModelRow {
  name: string;
  gflop: number;
  stockCpu?: number | string;
  stockWasm?: number | string;
  /** The library's map (computeGradients through the executor), per thread count. */
  ours: Record<number, number | undefined>;
  /** tf.grad of model.apply on the engine, per thread count. */
  kernels: Record<number, number | undefined>;
  forward: Record<number, number | undefined>;
  /** Median over interleaved rounds of ours/forward, per thread count. */
  overForward: Record<number, number | undefined>;
  torch: Record<number, { mapMs: number; forwardMs: number } | undefined>;
  errorVsReference?: string;
  /** The ONNX engine's map (computeGradients with installOnnxEngine), per thread count. */
  onnx?: Record<number, number | undefined>;
  /** The model's forward pass through the ONNX engine's forward program (ORT), per thread count. */
  onnxForward?: Record<number, number | undefined>;
  /** Relative error of the ONNX engine's map against the wasm engine's and PyTorch's. */
  onnxError?: string;
}

/**
 * The ONNX engine's columns: ms per map, ratios to the wasm engine and PyTorch at the same thread
 * count, and to the native floor: the map's FLOPs at the throughput ORT reaches on this model's own
 * forward pass (2x its forward: the backward's convolutions cost what the forward's do).
 */
export function onnxTable(rows: ModelRow[]): string {
  const head = ['model', 'ONNX 1t', 'ONNX 2t', '/wasm engine 1t', '/wasm engine 2t', '/torch 1t', '/torch 2t',
    'ORT fwd 1t (GFLOP/s)', 'floor 1t', '/floor 1t', 'ORT fwd 2t (GFLOP/s)', 'floor 2t', '/floor 2t', 'error vs'];
  return table(head, rows.map((r) => {
    const fwd = (t: number) => r.onnxForward?.[t];
    const floor = (t: number) => (fwd(t) === undefined ? undefined : 2 * (fwd(t) as number));
    const rate = (t: number) => (fwd(t) === undefined ? '-' : `${ms(fwd(t))} (${((r.gflop / 2) / ((fwd(t) as number) / 1000)).toFixed(0)})`);
    return [r.name, ms(r.onnx?.[1]), ms(r.onnx?.[2]), ratio(r.onnx?.[1], r.ours[1]), ratio(r.onnx?.[2], r.ours[2]),
      ratio(r.onnx?.[1], r.torch[1]?.mapMs), ratio(r.onnx?.[2], r.torch[2]?.mapMs),
      rate(1), ms(floor(1)), ratio(r.onnx?.[1], floor(1)), rate(2), ms(floor(2)), ratio(r.onnx?.[2], floor(2)), r.onnxError ?? '-'];
  }));
}

const ms = (v: number | string | undefined) => (v === undefined ? '-' : typeof v === 'string' ? v : v >= 1000 ? v.toFixed(0) : v.toFixed(1));
const ratio = (a: number | undefined, b: number | undefined) => (a === undefined || b === undefined || b === 0 ? '-' : (a / b).toFixed(2));

function table(head: string[], rows: string[][]): string {
  return [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}

/** Milliseconds per map of every variant, as Markdown. */
export function timesTable(rows: ModelRow[]): string {
  const head = ['model', 'GFLOP/map', 'stock cpu', 'stock wasm', 'ours 1t', 'ours 2t', 'tf.grad on engine 1t', 'tf.grad on engine 2t',
    'forward 1t', 'forward 2t', 'torch 1t', 'torch 2t'];
  return table(head, rows.map((r) => [r.name, r.gflop.toFixed(2), ms(r.stockCpu), ms(r.stockWasm), ms(r.ours[1]), ms(r.ours[2]),
    ms(r.kernels[1]), ms(r.kernels[2]), ms(r.forward[1]), ms(r.forward[2]), ms(r.torch[1]?.mapMs), ms(r.torch[2]?.mapMs)]));
}

/** The ratios (ours against forward, the wasm FLOP ceiling, PyTorch and stock), as Markdown. */
export function ratiosTable(rows: ModelRow[], gflops: Record<number, number | undefined>): string {
  const head = ['model', 'ours/fwd 1t', 'ours/fwd 2t', 'wasm ceiling 1t', 'ours/ceiling 1t', 'wasm ceiling 2t', 'ours/ceiling 2t',
    'ours/torch 1t', 'ours/torch 2t', 'stock wasm/ours 1t', 'stock cpu/ours 1t', 'map vs reference'];
  return table(head, rows.map((r) => {
    const ceiling = (threads: number) => (gflops[threads] ? r.gflop / (gflops[threads] as number) * 1000 : undefined);
    return [r.name, r.overForward[1]?.toFixed(2) ?? '-', r.overForward[2]?.toFixed(2) ?? '-', ms(ceiling(1)), ratio(r.ours[1], ceiling(1)),
      ms(ceiling(2)), ratio(r.ours[2], ceiling(2)), ratio(r.ours[1], r.torch[1]?.mapMs), ratio(r.ours[2], r.torch[2]?.mapMs),
      typeof r.stockWasm === 'number' ? ratio(r.stockWasm, r.ours[1]) : '-', typeof r.stockCpu === 'number' ? ratio(r.stockCpu, r.ours[1]) : '-',
      r.errorVsReference ?? '-'];
  }));
}

/** The top kernels of each model's profile as Markdown. */
export function profileTable(results: ModelResult[], top = 8): string {
  const lines = ['| model | kernel time (ms) by kernel, top ' + top + ' (calls) | total kernel ms |', '|---|---|---|'];
  for (const r of results) {
    if (!r.profile) continue;
    const total = r.profile.reduce((a, k) => a + k.ms, 0);
    const tops = r.profile.slice(0, top).map((k) => `${k.kernel} ${k.ms.toFixed(1)} (${Math.round(k.calls)})`).join(', ');
    lines.push(`| ${r.name} | ${tops} | ${total.toFixed(1)} |`);
  }
  return lines.join('\n');
}

/** Tensor count and memory before and after many maps, as Markdown. */
export function memoryTable(results: ModelResult[]): string {
  const lines = ['| model | maps | tensors before -> after | wasm heap MB before -> after | process RSS MB before -> after |', '|---|---|---|---|---|'];
  for (const r of results) {
    const m = r.memory;
    if (!m) continue;
    lines.push(`| ${r.name} | ${m.maps} | ${m.tensorsBefore} -> ${m.tensorsAfter} | ${m.heapMbBefore.toFixed(0)} -> ${m.heapMbAfter.toFixed(0)} | ${m.rssMbBefore.toFixed(0)} -> ${m.rssMbAfter.toFixed(0)} |`);
  }
  return lines.join('\n');
}
