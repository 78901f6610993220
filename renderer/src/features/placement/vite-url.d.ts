// Vite's `?url` import: the built file's address (the pdf.js worker is served from our own origin).
declare module 'pdfjs-dist/build/pdf.worker.min.mjs?url' {
  const src: string;
  export default src;
}
