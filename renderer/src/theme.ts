import { createTheme } from '@mui/material/styles';
import { jaJP as coreJaJP } from '@mui/material/locale';
import { jaJP as gridJaJP } from '@mui/x-data-grid/locales';
import { formatCount, formatNumber } from './format';
import { readOnlyInputRule } from './ui/read-only';

/** The grid's Japanese locale still says "1–6 of 6"; use the core TablePagination wording. */
const gridJaJPFixes = {
  components: {
    MuiDataGrid: {
      defaultProps: {
        localeText: {
          paginationDisplayedRows: ({ from, to, count: total }: { from: number; to: number; count: number }) =>
            `${formatNumber(from)}～${formatNumber(to)} / ${total !== -1 ? formatCount(total, '件') : `${formatCount(to, '件')}以上`}`,
        },
      },
    },
  },
};

/** Users who ask their system for less motion get none (and so do the screenshot tests). */
const reducedMotion =
  typeof window !== 'undefined' && window.matchMedia('(prefers-reduced-motion: reduce)').matches
    ? {
        transitions: { create: () => 'none' },
        components: { MuiButtonBase: { defaultProps: { disableRipple: true } } },
      }
    : {};

/** A calm public-office look: navy and grey, small radii, no shadows where a border will do. */
export const theme = createTheme(
  {
    palette: {
      mode: 'light',
      primary: { main: '#24466b', dark: '#182f49', light: '#4f6f93', contrastText: '#ffffff' },
      secondary: { main: '#4d6b5c' },
      background: { default: '#f3f4f6', paper: '#ffffff' },
      text: { primary: '#1f2933', secondary: '#52606d' },
      divider: '#d9dde3',
    },
    shape: { borderRadius: 6 },
    typography: {
      fontFamily: '"Noto Sans JP", "Hiragino Sans", "Yu Gothic UI", "Meiryo", sans-serif',
      fontSize: 14,
      h1: { fontSize: '1.5rem', fontWeight: 700 },
      h2: { fontSize: '1.25rem', fontWeight: 700 },
      h3: { fontSize: '1.1rem', fontWeight: 700 },
      button: { textTransform: 'none', fontWeight: 500 },
    },
    components: {
      MuiButton: { defaultProps: { disableElevation: true } },
      MuiAppBar: { defaultProps: { elevation: 0 } },
      MuiPaper: { defaultProps: { elevation: 0 }, styleOverrides: { outlined: { borderColor: '#d9dde3' } } },
      MuiTextField: { defaultProps: { size: 'small', fullWidth: true } },
      // Every read-only field looks read-only, app-wide (docs/renderer.md "Words").
      MuiInputBase: { styleOverrides: { root: { '&.MuiInputBase-readOnly': readOnlyInputRule } } },
      MuiTooltip: { defaultProps: { arrow: true } },
    },
  },
  coreJaJP,
  gridJaJP,
  gridJaJPFixes,
  reducedMotion,
);
