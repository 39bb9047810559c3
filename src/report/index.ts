/** The HTML report: one self-contained page from computed numbers. Loaded only by `spx report`. */
export { renderReport, reportData, type ReportCalibration, type ReportInput, type ReportProcess } from './page.js';
export type { ReportPipeline } from './pipeline.js';
