import Button from '@mui/material/Button';
import { formatCount } from '../format';

/**
 * 「さらに表示（残り 1,234）」 under a list drawn in part (docs/city-scale.md): how many remain, and a
 * click shows more. Nothing when everything is shown.
 */
export function MoreButton({
  shown,
  total,
  onMore,
  unit = '',
  disabled = false,
}: {
  shown: number;
  total: number;
  onMore: () => void;
  /** The unit of the count (「所属」), none by default. */
  unit?: string;
  disabled?: boolean;
}) {
  const rest = total - shown;
  return rest > 0 ? (
    <Button size="small" onClick={onMore} disabled={disabled} sx={{ alignSelf: 'flex-start' }}>
      {`さらに表示（残り ${formatCount(rest, unit)}）`}
    </Button>
  ) : null;
}
