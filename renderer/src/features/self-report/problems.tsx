import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Link from '@mui/material/Link';
import Typography from '@mui/material/Typography';

/**
 * What still stops a submission, all at once (docs/self-report.md): a heading and one line per
 * problem, each a link that moves the focus to its field. Nothing when there is nothing.
 */
export function ProblemLinks<F extends string>({
  problems,
  heading,
  severity,
  testId,
  onFocus,
}: {
  problems: readonly { field: F; message: string }[];
  heading: string;
  severity: 'error' | 'info';
  testId: string;
  onFocus: (field: F) => void;
}) {
  if (problems.length === 0) return null;
  return (
    <Alert severity={severity} data-testid={testId} role={severity === 'error' ? 'alert' : 'status'}>
      <Typography variant="body2" sx={{ fontWeight: 600 }}>
        {heading}
      </Typography>
      <Box component="ul" sx={{ m: 0, pl: 2.5 }}>
        {problems.map((p) => (
          <Typography component="li" variant="body2" key={p.field}>
            <Link
              component="button"
              type="button"
              variant="body2"
              color="inherit"
              sx={{ textAlign: 'left', verticalAlign: 'baseline' }}
              onClick={() => onFocus(p.field)}
            >
              {p.message}
            </Link>
          </Typography>
        ))}
      </Box>
    </Alert>
  );
}
