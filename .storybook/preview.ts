import type { Preview } from '@storybook/html-vite';
import { chooseTheme } from '../src/ui/theme-watch';
import './preview.css';

const preview: Preview = {
  parameters: {
    layout: 'padded',
    controls: { expanded: true, sort: 'requiredFirst' },
    docs: { toc: false },
  },
  // The app's light/dark switch, as a toolbar menu: components redraw live, as in the app.
  globalTypes: {
    theme: {
      description: 'Colour theme',
      toolbar: {
        title: 'Theme',
        icon: 'contrast',
        items: [
          { value: 'system', title: 'System' },
          { value: 'light', title: 'Light' },
          { value: 'dark', title: 'Dark' },
        ],
        dynamicTitle: true,
      },
    },
  },
  initialGlobals: { theme: 'system' },
  decorators: [
    (story, { globals }) => {
      const theme = globals.theme;
      chooseTheme(theme === 'light' || theme === 'dark' ? theme : null);
      return story();
    },
  ],
};

export default preview;
