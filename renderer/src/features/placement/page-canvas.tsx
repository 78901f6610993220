import { useEffect, useRef, useState } from 'react';
import Box from '@mui/material/Box';
import type { PDFDocumentProxy } from 'pdfjs-dist';
import { drawPage } from './pdf';

type Props = {
  doc: PDFDocumentProxy;
  pageNo: number;
  /** The page's width on screen (CSS pixels) and its height / width. */
  width: number;
  ratio: number;
  /** The scrolling box the pages sit in: a page is drawn when near its view, and freed when far. */
  scroller: HTMLElement | null;
};

/**
 * One PDF page in the preview. Only the pages near the view are drawn, so a preview of hundreds of
 * summaries holds a few canvases' memory, not hundreds.
 */
export function PageCanvas({ doc, pageNo, width, ratio, scroller }: Props) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const [near, setNear] = useState(false);
  const [drawn, setDrawn] = useState(false);

  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas || !scroller) return undefined;
    const observer = new IntersectionObserver((entries) => setNear(entries.some((e) => e.isIntersecting)), {
      root: scroller,
      rootMargin: '150% 0px',
    });
    observer.observe(canvas);
    return () => observer.disconnect();
  }, [scroller]);

  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas || !near) return undefined;
    const job = drawPage(doc, pageNo, canvas, width);
    let live = true;
    job.done.then(
      () => {
        if (live) setDrawn(true);
      },
      () => undefined, // cancelled, or the document closed with the dialog
    );
    return () => {
      live = false;
      job.cancel();
      setDrawn(false);
      canvas.width = 0;
      canvas.height = 0;
    };
  }, [doc, pageNo, width, near]);

  return (
    <Box
      sx={{
        position: 'relative',
        width,
        height: Math.round(width * ratio),
        bgcolor: '#fff',
        boxShadow: 3,
        flexShrink: 0,
      }}
    >
      <canvas
        ref={canvasRef}
        aria-label={`${pageNo}ページ目`}
        data-testid="preview-page"
        data-page={pageNo}
        data-rendered={drawn ? 'true' : 'false'}
        style={{ display: 'block', width: '100%', height: '100%' }}
      />
    </Box>
  );
}
