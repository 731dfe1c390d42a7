export * from '../engines/wasm/node/index.ts';
export { loadImage, DEFAULT_MAX_IMAGE_PIXELS, type LoadImageOptions } from './images.ts';
export { writeFileAtomic, type FileContent } from './output/atomic-write.ts';
export { encodePng, writePng } from './output/png.ts';
export { encodeNpy, writeNpy } from './output/npy.ts';
export { mapToJson, writeJson, type MapJson } from './output/json.ts';
export {
  galleryHtml, writeGallery, writeImageGallery, escapeHtml,
  type Gallery, type GallerySection, type GalleryFigure, type ImageFigure,
} from './output/gallery.ts';
export { loadModel, readLabelFile, type NodeLoadModelOptions } from './models/load-model.ts';
export {
  sortableTableHtml, reportPageHtml, formatNumber, SORT_SCRIPT, TABLE_CSS,
  type TableColumn, type ReportSection,
} from './output/html-table.ts';
