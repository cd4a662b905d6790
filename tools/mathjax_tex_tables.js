// Print sphinx_notegarden/math/tex_tables.py: what MathJax's TeX input knows, read from MathJax.
//
// Usage (from the repository root; needs only Node.js and the npm registry):
//
//   npm pack mathjax@3.2.2 && tar xzf mathjax-3.2.2.tgz
//   node tools/mathjax_tex_tables.js package/es5 > sphinx_notegarden/math/tex_tables.py
//   .venv/bin/ruff format sphinx_notegarden/math/tex_tables.py
//
// The tables come from MathJax itself: the macro, environment and delimiter maps of every
// TeX package (MathJax's MapHandler), the autoload list of the default configuration, and a
// few facts measured by running MathJax on tiny inputs: how many braced arguments a macro
// demands, whether \limits may follow it, and how each environment treats &, \\ and \tag.
'use strict';

const path = require('path');

const es5 = path.resolve(process.argv[2] || 'package/es5');
const MJ = require(path.join(es5, 'node-main.js'));

// The packages of MathJax's default TeX component (tex-chtml.js, tex-mml-chtml.js, tex-svg.js):
// what Obsidian and Sphinx's default MathJax load.
const DEFAULT = ['base', 'ams', 'newcommand', 'noundefined', 'require', 'autoload', 'configmacros'];
// Environment arguments the probes must supply (the environment reads them before its body).
const ENV_ARGS = {
  array: '{cc}', subarray: '{c}', crampedsubarray: '{c}', alignat: '{2}', 'alignat*': '{2}',
  alignedat: '{2}', xalignat: '{2}', 'xalignat*': '{2}', xxalignat: '{2}', numcases: '{f}',
  subnumcases: '{f}', spreadlines: '{1pt}', empheq: '{align}',
};

function pyString(s) {
  // JSON string syntax is Python's too; spell every non-ASCII character as an escape.
  return JSON.stringify(s).replace(/[\u007f-\uffff]/g,
    (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));
}

MJ.init({
  loader: {load: ['input/tex-full', 'adaptors/liteDOM']},
  tex: {packages: ['base']},
  startup: {typeset: false},
}).then((MathJax) => {
  const {TeX} = MathJax._.input.tex_ts;
  const {mathjax} = MathJax._.mathjax;
  const {STATE} = MathJax._.core.MathItem;
  const CH = MathJax._.input.tex.Configuration.ConfigurationHandler;
  const MH = MathJax._.input.tex.MapHandler.MapHandler;

  const converters = new Map();
  function converter(packages) {
    const key = packages.join(',');
    if (!converters.has(key)) {
      const tex = new TeX({packages, formatError: (jax, err) => { throw err; }});
      const doc = mathjax.document('', {InputJax: tex});
      converters.set(key, (s, display) => doc.convert(s, {display, end: STATE.CONVERT}));
    }
    return converters.get(key);
  }
  function errorOf(packages, s, display = false, fresh = false) {
    if (fresh) converters.delete(packages.join(','));
    try {
      converter(packages)(s, display);
      return '';
    } catch (err) {
      return err.id || 'Exception';
    }
  }

  const autoload = CH.get('autoload').options.autoload;
  const requireAllow = CH.get('require').options.require.allow;
  const packages = [...CH.keys()].filter((p) => p !== 'text-base').sort();
  const macros = {};
  const environments = {};
  const delimiters = new Set();
  const operators = new Set();
  const scriptRefused = new Set();
  const movesupsub = new Set();
  const envFlags = {};

  for (const pkg of packages) {
    const handler = CH.get(pkg).handler;
    const names = new Set();
    for (const mapName of handler.macro || []) {
      const map = MH.getMap(mapName);
      if (!map || !map.map) continue;
      for (const key of map.map.keys()) {
        // A delimiter map also holds single characters such as "(": delimiters, not macros.
        if (key.startsWith('\\')) names.add(key.slice(1));
        else if (!/delimiter/i.test(mapName)) names.add(key);
      }
    }
    for (const mapName of handler.delimiter || []) {
      const map = MH.getMap(mapName);
      if (!map || !map.map || !DEFAULT.includes(pkg)) continue;
      for (const key of map.map.keys()) delimiters.add(key);
    }
    const probe = [...new Set(['base', 'ams', 'newcommand', pkg])];
    const table = {};
    for (const name of [...names].sort()) {
      if (name === '') continue;
      if (pkg === 'require') {
        table[name] = 1;  // probing would try to load a package named "a"
        continue;
      }
      let nargs = 0;
      while (nargs < 9 && errorOf(probe, `\\${name}` + '{a}'.repeat(nargs)) === 'MissingArgFor') {
        nargs += 1;
      }
      table[name] = nargs;
      const call = `\\${name}` + '{a}'.repeat(nargs);
      if (errorOf(probe, call) === '' && errorOf(probe, `${call}\\limits`) === '') {
        operators.add(name);
        if (errorOf(probe, `${call}^a'`) === '') movesupsub.add(name);
      }
      const core = DEFAULT.includes(pkg) || !DEFAULT.some((p) => name in (macros[p] || {}));
      if (core && errorOf(probe, `x^${call}`) === 'MissingOpenForSup') scriptRefused.add(name);
    }
    macros[pkg] = table;
    const envs = [];
    for (const mapName of handler.environment || []) {
      const map = MH.getMap(mapName);
      if (!map || !map.map) continue;
      for (const key of map.map.keys()) envs.push(key);
    }
    environments[pkg] = envs.sort();
    for (const env of envs) {
      const begin = `\\begin{${env}}${ENV_ARGS[env] || ''}`;
      const end = `\\end{${env}}`;
      // A fresh parser for each probe: an error can leave MathJax's tag stack behind.
      const wrap = (body) => errorOf(probe, `${begin}${body}${end}`, true, true) === '';
      let flags = '';
      if (wrap('a&b')) flags += 'a';
      if (wrap('a\\\\b')) flags += 'r';
      if (wrap('a\\tag{1}')) flags += 't';
      const twice = `${begin}a${end}${begin}b${end}`;
      if (errorOf(probe, twice, true, true) === 'ErroneousNestingEq') flags += 'e';
      let columns = 0;
      if (flags.includes('a')) {
        for (let k = 2; k <= 6; k++) {
          if (!wrap(Array(k + 1).fill('a').join('&'))) { columns = k; break; }
        }
      }
      envFlags[env] = [flags, columns];
    }
  }

  const out = [];
  out.push('r"""What MathJax 3\'s TeX input knows: macros, environments, delimiters, by package.');
  out.push('');
  out.push('Generated, not written: ``node tools/mathjax_tex_tables.js package/es5`` read these');
  out.push(`tables from MathJax ${MathJax.version} (the npm package \`\`mathjax\`\`), from its own`);
  out.push('macro, environment and delimiter maps and from tiny probes run through its TeX parser');
  out.push('(argument counts, ``\\limits``, scripts, how environments treat ``&``, ``\\\\``, ``\\tag``).');
  out.push('Do not edit by hand; regenerate (see the script\'s header) when MathJax changes.');
  out.push('"""');
  out.push('');
  out.push('from __future__ import annotations');
  out.push('');
  out.push(`MATHJAX_VERSION = ${pyString(MathJax.version)}`);
  out.push('');
  out.push('#: The packages of MathJax\'s default TeX component, as Obsidian and Sphinx load it.');
  out.push(`DEFAULT_PACKAGES: tuple[str, ...] = (${DEFAULT.map(pyString).join(', ')},)`);
  out.push('');
  out.push('#: Packages the default configuration loads on first use: package -> (macros, environments).');
  out.push('AUTOLOAD: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {');
  for (const pkg of Object.keys(autoload).sort()) {
    const def = autoload[pkg];
    const [macs, envs] = def.length === 2 && Array.isArray(def[0]) ? def : [def, []];
    const tuple = (xs) => `(${xs.map(pyString).join(', ')}${xs.length === 1 ? ',' : ''})`;
    out.push(`    ${pyString(pkg)}: (${tuple(macs)}, ${tuple(envs)}),`);
  }
  out.push('}');
  out.push('');
  out.push('#: Packages that ``\\require{...}`` refuses to load.');
  const refused = Object.keys(requireAllow).filter((k) => !requireAllow[k]).sort();
  out.push(`REQUIRE_REFUSED: frozenset[str] = frozenset({${refused.map(pyString).join(', ')}})`);
  out.push('');
  out.push('#: package -> {macro name without backslash: braced arguments MathJax demands}.');
  out.push('MACROS: dict[str, dict[str, int]] = {');
  for (const pkg of packages) {
    out.push(`    ${pyString(pkg)}: {`);
    for (const [name, nargs] of Object.entries(macros[pkg])) {
      out.push(`        ${pyString(name)}: ${nargs},`);
    }
    out.push('    },');
  }
  out.push('}');
  out.push('');
  out.push('#: package -> environments it defines.');
  out.push('ENVIRONMENTS: dict[str, tuple[str, ...]] = {');
  for (const pkg of packages) {
    const envs = environments[pkg];
    if (!envs.length) continue;
    out.push(`    ${pyString(pkg)}: (${envs.map(pyString).join(', ')},),`);
  }
  out.push('}');
  out.push('');
  out.push('#: environment -> (flags, columns). Flags: a = & allowed, r = \\\\\\\\ allowed,');
  out.push('#: t = \\\\tag allowed, e = an equation structure (two in one formula is an error).');
  out.push('#: columns: the first number of cells in a row that MathJax rejects (0: none up to 6).');
  out.push('ENVIRONMENT_FLAGS: dict[str, tuple[str, int]] = {');
  for (const env of Object.keys(envFlags).sort()) {
    const [flags, columns] = envFlags[env];
    out.push(`    ${pyString(env)}: (${pyString(flags)}, ${columns}),`);
  }
  out.push('}');
  out.push('');
  out.push('#: Delimiters that may follow \\\\left, \\\\right, \\\\middle and \\\\big... by default.');
  out.push(`DELIMITERS: frozenset[str] = frozenset({${[...delimiters].sort().map(pyString).join(', ')}})`);
  out.push('');
  out.push('#: Macros that \\\\limits and \\\\nolimits may follow.');
  out.push(`OPERATORS: frozenset[str] = frozenset({${[...operators].sort().map(pyString).join(', ')}})`);
  out.push('');
  out.push("#: Operators whose scripts go above and below (a ' after their superscript is fine).");
  out.push(`MOVESUPSUB: frozenset[str] = frozenset({${[...movesupsub].sort().map(pyString).join(', ')}})`);
  out.push('');
  out.push('#: Macros that cannot directly follow ^ or _ (MathJax: "Missing open brace for ...").');
  const refusedList = [...scriptRefused].sort().map(pyString).join(', ');
  out.push(`SCRIPT_REFUSED: frozenset[str] = frozenset({${refusedList}})`);
  process.stdout.write(out.join('\n') + '\n');
}).catch((err) => {
  console.error(err);
  process.exit(1);
});
