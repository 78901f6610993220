import Alert from '@mui/material/Alert';

/**
 * In place of an application's text when this login's keys do not open it: the core's `withheld`
 * message (docs/postings.md "Sealed"), small enough for a table cell.
 */
export function WithheldText({ message }: { message: string }) {
  return (
    <Alert
      severity="warning"
      variant="outlined"
      data-testid="application-withheld"
      sx={{ py: 0, px: 1, fontSize: 13, '& .MuiAlert-icon': { fontSize: 18, py: 0.75, mr: 1 } }}
    >
      {message}
    </Alert>
  );
}
