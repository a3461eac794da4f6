import { loadMissionFolder, SHIPPED_MISSION_DIR } from './server/mission/folder';
import { DICTIONARY } from './shared/dictionary';
import { formatProblem } from './shared/xtce';
const r = loadMissionFolder(SHIPPED_MISSION_DIR);
console.log(r.problems.map(formatProblem), r.spacecraft);
const strip = (d: any) => JSON.parse(JSON.stringify(d, (k, v) => (k === 'source' ? undefined : v)));
const a = strip(r.dictionary), b = strip(DICTIONARY);
console.log(JSON.stringify(a) === JSON.stringify(b));
for (const k of ['partners','stations','spacecraft','packets']) if (JSON.stringify(a[k]) !== JSON.stringify(b[k])) { console.log('diff', k); 
  if (k==='packets') for (let i=0;i<a.packets.length;i++) for (let j=0;j<a.packets[i].parameters.length;j++){const x=JSON.stringify(a.packets[i].parameters[j]), y=JSON.stringify(b.packets[i].parameters[j]); if(x!==y) console.log(x,'\n',y)}
  else console.log(JSON.stringify(a[k]).slice(0,300), '\n', JSON.stringify(b[k]).slice(0,300)); }
