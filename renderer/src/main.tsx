import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import CssBaseline from '@mui/material/CssBaseline';
import { ThemeProvider } from '@mui/material/styles';
import '@fontsource/noto-sans-jp/400.css';
import '@fontsource/noto-sans-jp/500.css';
import '@fontsource/noto-sans-jp/700.css';
import { App } from './app';
import { ErrorBoundary } from './ui/error-boundary';
import { NotifyProvider } from './notify';
import { theme } from './theme';

const root = document.getElementById('root');
if (!root) throw new Error('#root is missing from index.html');

createRoot(root).render(
  <StrictMode>
    <ThemeProvider theme={theme}>
      <CssBaseline />
      <ErrorBoundary>
        <NotifyProvider>
          <App />
        </NotifyProvider>
      </ErrorBoundary>
    </ThemeProvider>
  </StrictMode>,
);
