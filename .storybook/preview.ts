import type { Preview } from '@storybook/html-vite';
import './preview.css';

const preview: Preview = {
  parameters: {
    layout: 'padded',
    controls: { expanded: true, sort: 'requiredFirst' },
    docs: { toc: false },
  },
};

export default preview;
