import Button from '@mui/material/Button';
import SvgIcon from '@mui/material/SvgIcon';

function ArrowBack() {
  return (
    <SvgIcon fontSize="small">
      <path d="M20 11H7.83l5.59-5.59L12 4l-8 8 8 8 1.41-1.41L7.83 13H20v-2z" />
    </SvgIcon>
  );
}

/** Returns from a detail page to the list it was opened from. */
export function StaffBackButton({ label, onClick }: { label: string; onClick: () => void }) {
  return (
    <Button startIcon={<ArrowBack />} onClick={onClick} sx={{ mb: 1, ml: -1 }}>
      {label}
    </Button>
  );
}
