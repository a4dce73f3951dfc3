/** Served by .storybook/mnist-sample.ts: the first MNIST test images and their labels. */
declare module 'virtual:mnist-sample' {
  export const count: number;
  /** count * 784 bytes (0..255), row-major 28x28 images, base64. */
  export const pixelsBase64: string;
  export const labels: number[];
}
