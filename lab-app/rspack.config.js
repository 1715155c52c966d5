// Build of the project's JupyterLab (after JupyterLab's examples/app, tag v4.6.3): index.js → build/bundle.js,
// plus each extension's schemas and themes copied into build/ by @jupyter/builder's Build.ensureAssets.
const data = require('./package.json');
const rspack = require('@rspack/core');
const Build = require('@jupyter/builder').Build;
const miniSVGDataURI = require('mini-svg-data-uri');

const extensionAssetConfig = Build.ensureAssets({
  packageNames: data.jupyterlab.extensions,
  output: './build',
});

module.exports = [
  {
    entry: ['./index.js'],
    output: { path: __dirname + '/build', filename: 'bundle.js' },
    bail: true,
    devtool: false,
    mode: 'production',
    optimization: { minimize: false },
    performance: { hints: false },
    module: {
      rules: [
        // @jupyter/web-components imports extensionless ESM paths.
        { test: /\.m?js$/, resolve: { fullySpecified: false } },
        { test: /\.css$/, use: ['style-loader', 'css-loader'] },
        { test: /\.raw\.css$/, type: 'asset/source' },
        { test: /\.html$/, type: 'asset/resource' },
        { test: /\.md$/, type: 'asset/source' },
        { test: /\.(jpg|png|gif)$/, type: 'asset/resource' },
        { test: /\.js.map$/, type: 'asset/resource' },
        { test: /\.(woff2?|ttf)(\?v=\d+\.\d+\.\d+)?$/, type: 'asset' },
        { test: /\.eot(\?v=\d+\.\d+\.\d+)?$/, type: 'asset/resource' },
        {
          // svg in .css files: a data URI
          test: /\.svg(\?v=\d+\.\d+\.\d+)?$/,
          issuer: /\.css$/,
          type: 'asset/inline',
          generator: { dataUrl: { content: (content) => miniSVGDataURI(content.content), mimetype: 'image/svg+xml' } },
        },
        // svg imported from JS: the raw string
        { test: /\.svg(\?v=\d+\.\d+\.\d+)?$/, issuer: /\.js$/, type: 'asset/source' },
      ],
    },
    plugins: [new rspack.DefinePlugin({ process: { cwd: () => '/', env: {} } })],
  },
].concat(extensionAssetConfig);
