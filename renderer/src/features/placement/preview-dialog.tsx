import { useCallback, useEffect, useRef, useState } from 'react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import Typography from '@mui/material/Typography';
import type { PDFDocumentProxy } from 'pdfjs-dist';
import type { Input } from '../../../../shared/contract';
import { errorMessage, request } from '../../client';
import { discardExport, exportBytes, savedMessage, saveExportBytes } from '../../files';
import { useLoad } from '../../hooks/useLoad';
import { useNotify } from '../../notify';
import { Loading } from '../../ui/loading';
import { Handling } from './handling';
import { people } from './format';
import { PageCanvas } from './page-canvas';
import { openPdf, pageSize, printPdf } from './pdf';

/** What the preview shows: some people's summaries (A4), or a section's list (A3 landscape). */
export type PreviewRequest = Input<'placement:pdf'>;

type Opened = { doc: PDFDocumentProxy; width: number; height: number };

function titleOf(req: PreviewRequest): string {
  return req.what === 'summaries' ? '人事配置資料の印刷プレビュー' : `所属別一覧（A3）の印刷プレビュー：${req.section}`;
}

/**
 * The print preview: the PDF the core made (placement:pdf), its pages drawn by pdf.js as they will
 * print. The same bytes are printed (印刷) and saved (PDFとして保存), so what is seen is what leaves.
 */
export function PreviewDialog({ req, onClose }: { req: PreviewRequest; onClose: () => void }) {
  const notify = useNotify();
  // The PDF is written to the outbox (docs/exports.md) and its bytes fetched once for pdf.js: a
  // print of thousands of summaries never travels as base64 inside JSON.
  const load = useCallback(async () => {
    const file = await request('placement:pdf', { ...req, delivery: 'file' });
    return { ...file, bytes: await exportBytes(file) };
  }, [req]);
  const pdf = useLoad(load);
  const [opened, setOpened] = useState<Opened | null>(null);
  const [openError, setOpenError] = useState(false);
  const [printError, setPrintError] = useState(false);
  const [scroller, setScroller] = useState<HTMLElement | null>(null);
  const [printing, setPrinting] = useState<{ done: number; total: number } | null>(null);
  const closed = useRef(false);

  useEffect(() => {
    closed.current = false;
    return () => {
      closed.current = true;
    };
  }, []);

  useEffect(() => {
    const file = pdf.data;
    if (!file) return undefined;
    let live = true;
    let doc: PDFDocumentProxy | null = null;
    setOpenError(false);
    openPdf(file.bytes)
      .then(async (d) => {
        doc = d;
        const size = await pageSize(d, 1);
        if (live) setOpened({ doc: d, ...size });
      })
      .catch(() => {
        if (live) setOpenError(true);
      });
    return () => {
      live = false;
      setOpened(null);
      void doc?.destroy();
      // Electron keeps the file in the outbox for 「PDFとして保存」 until the preview closes.
      discardExport(file);
    };
  }, [pdf.data]);

  const landscape = opened ? opened.width > opened.height : false;
  // A4 portrait at a readable size; A3 landscape across the dialog.
  const pageWidth = landscape ? 1040 : 620;

  const print = async () => {
    if (!opened) return;
    setPrinting({ done: 0, total: opened.doc.numPages });
    setPrintError(false);
    try {
      await printPdf(
        opened.doc,
        (done, total) => setPrinting({ done, total }),
        () => closed.current,
      );
    } catch {
      if (!closed.current) setPrintError(true);
    } finally {
      if (!closed.current) setPrinting(null);
    }
  };

  const save = async () => {
    const file = pdf.data;
    if (!file) return;
    try {
      const saved = await saveExportBytes(file, file.bytes);
      if (!saved.cancelled) notify.success(savedMessage(saved, `「${file.fileName}」を保存しました。`));
    } catch (e) {
      notify.error(e);
    }
  };

  const busy = printing !== null;
  return (
    <Dialog
      open
      onClose={() => (busy ? undefined : onClose())}
      maxWidth="lg"
      fullWidth
      aria-labelledby="placement-preview-title"
      slotProps={{ paper: { sx: { height: 'calc(100% - 48px)' }, 'data-testid': 'placement-preview' } as object }}
    >
      <DialogTitle id="placement-preview-title" sx={{ display: 'flex', alignItems: 'baseline', gap: 2, pb: 1 }}>
        {titleOf(req)}
        <Typography component="span" sx={{ color: 'text.secondary' }} role="status" data-testid="preview-count">
          {pdf.data && opened
            ? `${opened.doc.numPages.toLocaleString('ja-JP')}ページ（${people(pdf.data.people)}）`
            : '作成中…'}
        </Typography>
      </DialogTitle>
      <DialogContent
        dividers
        ref={setScroller}
        data-testid="preview-pages"
        sx={{ bgcolor: 'grey.200', display: 'flex', flexDirection: 'column', alignItems: 'center', gap: 2, py: 2 }}
      >
        {printError ? (
          <Alert severity="error" sx={{ alignSelf: 'stretch', flexShrink: 0 }}>
            印刷の準備ができませんでした。「PDFとして保存」で保存したファイルから印刷してください。
          </Alert>
        ) : null}
        {pdf.error ? (
          <Alert severity="error" sx={{ alignSelf: 'stretch' }}>
            {errorMessage(pdf.error)}
          </Alert>
        ) : openError ? (
          <Alert severity="error" sx={{ alignSelf: 'stretch' }}>
            PDFを表示できませんでした。「PDFとして保存」で保存したファイルを開いてください。
          </Alert>
        ) : opened ? (
          Array.from({ length: opened.doc.numPages }, (_, i) => (
            <PageCanvas
              key={i + 1}
              doc={opened.doc}
              pageNo={i + 1}
              width={pageWidth}
              ratio={opened.height / opened.width}
              scroller={scroller}
            />
          ))
        ) : (
          <Loading />
        )}
      </DialogContent>
      <DialogActions sx={{ px: 3, py: 1.5, gap: 1 }}>
        <Handling />
        <Box sx={{ flexGrow: 1 }} />
        {printing ? (
          <Typography role="status" sx={{ color: 'text.secondary', fontSize: 13 }}>
            印刷の準備中 {printing.done.toLocaleString('ja-JP')} / {printing.total.toLocaleString('ja-JP')}ページ
          </Typography>
        ) : null}
        <Button onClick={onClose} disabled={busy}>
          閉じる
        </Button>
        <Button variant="outlined" onClick={() => void print()} disabled={!opened || busy}>
          印刷
        </Button>
        <Button variant="contained" onClick={() => void save()} disabled={!pdf.data || busy}>
          PDFとして保存
        </Button>
      </DialogActions>
    </Dialog>
  );
}
