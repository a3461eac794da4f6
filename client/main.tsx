import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import './styles/app.css';
import './styles/wall.css';
import './styles/wallDense.css';
import './styles/auth.css';
import './styles/sharing.css';
import './styles/contacts.css';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
