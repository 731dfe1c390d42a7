import type { Prediction } from '../protocol.ts';
import { byId, element } from './dom.ts';

/** The top-k list; clicking a class asks for it to be explained. */
export class PredictionsList {
  private readonly list = byId('predictions', HTMLOListElement);

  constructor(private readonly onChoose: (classIndex: number) => void) {}

  /** Shows `predictions`, marking `selected` as the class being explained. */
  show(predictions: readonly Prediction[], selected: number): void {
    this.list.replaceChildren(
      ...predictions.map((p) => {
        const button = element('button', { type: 'button', title: `explain class ${p.index}` }, [
          element('span', { textContent: p.label }),
          element('span', { textContent: `${(100 * p.probability).toFixed(1)} %` }),
        ]);
        button.setAttribute('aria-pressed', String(p.index === selected));
        button.dataset['classIndex'] = String(p.index);
        button.addEventListener('click', () => this.onChoose(p.index));
        const bar = element('span', { className: 'bar' });
        bar.style.width = `${(100 * p.probability).toFixed(1)}%`;
        return element('li', {}, [button, bar]);
      }),
    );
  }

  /** Marks `selected` as the class being explained. */
  select(selected: number): void {
    for (const button of this.list.querySelectorAll<HTMLButtonElement>('button')) {
      button.setAttribute('aria-pressed', String(button.dataset['classIndex'] === String(selected)));
    }
  }
}
