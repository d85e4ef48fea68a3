// anywidget's npm build ends with an AMD `define([deps], factory)`: keep the factory, call it later.
globalThis.__explainerAmd = {};
globalThis.define = (deps, factory) => {
  globalThis.__explainerAmd.factory = factory;
};
