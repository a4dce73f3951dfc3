import type { StorybookConfig } from '@storybook/html-vite';
import type { PluginOption } from 'vite';
import { mnistSample } from './mnist-sample';

/** Plugins of the app's vite.config.ts that Storybook must not inherit. */
const APP_ONLY_PLUGINS = new Set([
  // Copies the full MNIST files (55 MB) into every build; stories use a small sample instead.
  'gradient-arcade:mnist',
]);

function withoutAppOnly(plugins: PluginOption[] | undefined): PluginOption[] {
  return (plugins ?? []).flat().filter((p) => {
    const name = p && typeof p === 'object' && 'name' in p ? p.name : undefined;
    return !(typeof name === 'string' && APP_ONLY_PLUGINS.has(name));
  });
}

const config: StorybookConfig = {
  framework: { name: '@storybook/html-vite', options: {} },
  stories: ['../stories/**/*.stories.ts'],
  addons: ['@storybook/addon-docs'],
  core: {
    // The machines running this have no network beyond the npm registry.
    disableTelemetry: true,
    disableWhatsNewNotifications: true,
  },
  async viteFinal(config) {
    return {
      ...config,
      plugins: [...withoutAppOnly(config.plugins), mnistSample()],
      build: { ...config.build, chunkSizeWarningLimit: 4000 },
    };
  },
};

export default config;
