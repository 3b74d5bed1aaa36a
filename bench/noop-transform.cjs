// The migrate benchmark's baseline: a jscodeshift transform that parses each file (what any
// transform pays) and changes nothing.
module.exports = function noop(file, api) {
  api.jscodeshift(file.source);
  return undefined;
};
module.exports.parser = 'tsx';
