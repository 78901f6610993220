import { useState } from 'react';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import type { FileDownload, ImportKind } from '../../../../shared/contract';
import { fiscalYearShort } from '../../../../shared/fiscal-year';
import { request } from '../../client';
import { useFiscalYear } from '../../fiscal-year';
import { useNotify } from '../../notify';
import { savedMessage, saveExport } from '../../files';
import { importKindInfo, importKindOrder } from './kinds';

type Busy = `${ImportKind}:${'template' | 'export'}` | null;

/** Per sheet kind: the empty template, and the current data in the same layout (re-imports unchanged). */
export function ImportExportPanel() {
  const { fy } = useFiscalYear();
  const notify = useNotify();
  const [busy, setBusy] = useState<Busy>(null);

  const run = async (id: Exclude<Busy, null>, get: () => Promise<FileDownload>) => {
    setBusy(id);
    try {
      const file = await get();
      const saved = await saveExport(file);
      if (!saved.cancelled) notify.success(savedMessage(saved, `「${file.fileName}」をダウンロードしました。`));
    } catch (e) {
      notify.error(e);
    } finally {
      setBusy(null);
    }
  };

  return (
    <Table size="small" aria-label="Excelへの出力">
      <TableBody>
        {importKindOrder.map((kind) => {
          const info = importKindInfo[kind];
          const yearOf = info.perYear ? fy : null;
          const exportDisabled = busy !== null || (info.perYear && fy === null);
          return (
            <TableRow key={kind}>
              <TableCell sx={{ pl: 0, whiteSpace: 'nowrap' }}>
                <Typography sx={{ fontWeight: 700 }}>{info.label}</Typography>
                {info.perYear && fy !== null ? (
                  <Typography sx={{ fontSize: 12, color: 'text.secondary' }}>{fiscalYearShort(fy, 'era')}</Typography>
                ) : null}
              </TableCell>
              <TableCell sx={{ pr: 0 }}>
                <Box sx={{ display: 'flex', flexWrap: 'wrap', gap: 1, justifyContent: 'flex-end' }}>
                  <Button
                    size="small"
                    variant="outlined"
                    disabled={busy !== null}
                    aria-label={`${info.label}のテンプレートをダウンロード`}
                    onClick={() =>
                      void run(`${kind}:template`, () => request('excel:template', { kind, delivery: 'file' }))
                    }
                  >
                    テンプレートをダウンロード
                  </Button>
                  <Button
                    size="small"
                    variant="outlined"
                    disabled={exportDisabled}
                    aria-label={`${info.label}の現在のデータを出力`}
                    onClick={() =>
                      void run(`${kind}:export`, () => request('excel:export', { kind, fy: yearOf, delivery: 'file' }))
                    }
                  >
                    現在のデータを出力
                  </Button>
                </Box>
              </TableCell>
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}
