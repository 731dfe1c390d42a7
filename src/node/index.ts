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
export { loadOnnxModel, isOnnxPath, type LoadOnnxModelOptions } from './models/load-onnx-model.ts';
export { onnxSaliency, onnxIntegratedGradients, type OnnxGradientOptions, type OnnxIntegratedGradientsOptions } from '../engines/onnx/model/methods.ts';
export { isOnnxModel, type OnnxModel, type OnnxModelOptions } from '../engines/onnx/model/onnx-model.ts';
export type { ImageLayout } from '../engines/onnx/model/layout.ts';
export { onnxCam, ONNX_CAM_METHODS, type OnnxCamMethod, type OnnxCamOptions } from '../engines/onnx/model/cams.ts';
export { onnxTensors, type OnnxTensorInfo } from '../engines/onnx/model/tensors.ts';
export { onnxInputBatch, type OnnxImages } from '../engines/onnx/model/onnx-images.ts';
export type { PreprocessingPreset } from '../engines/onnx/model/model-types.ts';
export * from '../engines/onnx/node/index.ts';
export {
  sortableTableHtml, reportPageHtml, formatNumber, SORT_SCRIPT, TABLE_CSS,
  type TableColumn, type ReportSection,
} from './output/html-table.ts';
