import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';

/** 取扱注意, beside every print and save: the summaries carry wishes and results (docs/placement.md). */
export function Handling({ note = true }: { note?: boolean }) {
  return (
    <Box sx={{ display: 'flex', alignItems: 'center', gap: 1 }} data-testid="handling-notice">
      <Box
        component="span"
        sx={{
          border: 2,
          borderColor: 'error.main',
          color: 'error.main',
          fontWeight: 700,
          fontSize: 13,
          lineHeight: 1,
          px: 0.75,
          py: 0.5,
          borderRadius: 0.5,
          whiteSpace: 'nowrap',
        }}
      >
        取扱注意
      </Box>
      {note ? (
        <Typography sx={{ fontSize: 12, color: 'text.secondary' }}>
          人事配置資料です。印刷物とPDFは人事担当者の間だけで扱い、用が済んだら廃棄してください。
        </Typography>
      ) : null}
    </Box>
  );
}
