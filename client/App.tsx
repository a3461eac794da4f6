import { useEffect, useState } from 'react';
import type { Dictionary } from '../shared/dictionary';

export function App() {
  const [dictionary, setDictionary] = useState<Dictionary | null>(null);
  useEffect(() => {
    void fetch('/api/dictionary')
      .then((res) => res.json() as Promise<Dictionary>)
      .then(setDictionary);
  }, []);
  return (
    <main>
      <h1>Ortaq</h1>
      <p>{dictionary ? `${dictionary.spacecraft.length} spacecraft` : 'Loading…'}</p>
    </main>
  );
}
