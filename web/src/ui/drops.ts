/**
 * Files dropped anywhere on the page: one image goes to `onImage`, anything else (model.json with
 * its weights, a Keras file, a Teachable Machine export) to `onModelFiles`.
 */
export function listenForDrops(onImage: (file: File) => void, onModelFiles: (files: readonly File[]) => void): void {
  document.addEventListener('dragover', (event) => event.preventDefault());
  document.addEventListener('drop', (event) => {
    event.preventDefault();
    const files = [...(event.dataTransfer?.files ?? [])];
    if (files.length === 0) return;
    const [first] = files;
    if (files.length === 1 && first !== undefined && first.type.startsWith('image/')) onImage(first);
    else onModelFiles(files);
  });
}
