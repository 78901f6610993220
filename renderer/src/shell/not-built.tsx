import Alert from '@mui/material/Alert';
import Typography from '@mui/material/Typography';
import type { Section } from '../sections';
import { PageHeading } from '../ui/page-heading';

/** An honest page for a section that does not exist yet: what it will do, and that it is not built. */
export function NotBuilt({ section }: { section: Section }) {
  return (
    <>
      <PageHeading title={section.label} />
      <Typography sx={{ mb: 3, maxWidth: 760 }}>{section.summary}</Typography>
      <Alert severity="info" sx={{ maxWidth: 760 }}>
        この機能はまだ実装されていません
      </Alert>
    </>
  );
}
