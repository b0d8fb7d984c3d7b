import { benchGrouping } from './households.js';
const g = await benchGrouping(Number(process.argv[2] ?? 300000));
console.log(g.parseSeconds.toFixed(2), g.groupSeconds.toFixed(2), g.ratio.toFixed(2), g.households, g.copiesSaved);
