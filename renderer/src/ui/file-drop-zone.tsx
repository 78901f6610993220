import { useRef, useState } from 'react';
import type { DragEvent, ReactNode } from 'react';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Typography from '@mui/material/Typography';
import { xlsxMime } from '../files';

type Props = {
  /** What to drop or choose, said above the button. */
  prompt: string;
  buttonLabel: string;
  inputLabel: string;
  busy: boolean;
  onFile: (file: File) => void;
  testId: string;
  inputTestId?: string;
  describedBy?: string;
  /** Below the button (e.g. the columns expected). */
  children?: ReactNode;
};

/** An .xlsx file by drag and drop or through the file chooser; the same file chosen again still counts. */
export function FileDropZone({
  prompt,
  buttonLabel,
  inputLabel,
  busy,
  onFile,
  testId,
  inputTestId,
  describedBy,
  children,
}: Props) {
  const inputRef = useRef<HTMLInputElement>(null);
  const [over, setOver] = useState(false);
  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setOver(false);
    const file = e.dataTransfer.files[0];
    if (file && !busy) onFile(file);
  };
  return (
    <Box
      data-testid={testId}
      onDragOver={(e) => {
        e.preventDefault();
        if (!busy) setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={onDrop}
      sx={{
        border: 2,
        borderStyle: 'dashed',
        borderColor: over ? 'primary.main' : 'divider',
        bgcolor: over ? 'rgba(36,70,107,0.06)' : 'grey.50',
        borderRadius: 1,
        p: 3,
        textAlign: 'center',
      }}
    >
      <Typography sx={{ mb: 1.5 }}>{prompt}</Typography>
      <Button
        variant="contained"
        disabled={busy}
        onClick={() => inputRef.current?.click()}
        aria-describedby={describedBy}
      >
        {buttonLabel}
      </Button>
      <input
        ref={inputRef}
        type="file"
        accept={`.xlsx,${xlsxMime}`}
        hidden
        aria-label={inputLabel}
        data-testid={inputTestId}
        onChange={(e) => {
          const file = e.target.files?.[0];
          // Cleared so that choosing the same file again (a re-import) still fires.
          e.target.value = '';
          if (file) onFile(file);
        }}
      />
      {children}
    </Box>
  );
}
