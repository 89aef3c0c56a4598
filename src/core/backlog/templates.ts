// Built-in item templates (English and French); users add their own, saved from an item.
import type { ItemFields } from './model';

export interface Template {
  id: string;
  name: string;
  builtin: boolean;
  fields: Partial<ItemFields>;
}

type Lang = 'en' | 'fr';

const BUILTIN: Record<Lang, Template[]> = {
  en: [
    {
      id: 'builtin:bug',
      name: 'Bug report',
      builtin: true,
      fields: {
        type: 'BUG',
        emoji: '🐛',
        severity: 'P2',
        priority: 'medium',
        description: 'What happens, and what should happen instead.',
        reproSteps: ['Open …', 'Do …', 'See …'],
        criteria: [
          { text: 'The steps above no longer reproduce the problem', checked: false },
          { text: 'A test covers the case', checked: false },
        ],
      },
    },
    {
      id: 'builtin:feature',
      name: 'Feature request',
      builtin: true,
      fields: {
        type: 'FEAT',
        emoji: '✨',
        priority: 'medium',
        userStory: 'As a …, I want …, so that …',
        specs: ['…'],
        criteria: [
          { text: 'Given …, when …, then …', checked: false },
          { text: 'Edge case: …', checked: false },
        ],
      },
    },
    {
      id: 'builtin:debt',
      name: 'Technical debt',
      builtin: true,
      fields: {
        type: 'DEBT',
        emoji: '🧹',
        priority: 'low',
        description: 'What is wrong with the current code, and what it costs us.',
        constraints: ['No change in behaviour'],
        criteria: [
          { text: 'The tests still pass', checked: false },
          { text: 'The code is simpler to change', checked: false },
        ],
      },
    },
  ],
  fr: [
    {
      id: 'builtin:bug',
      name: 'Rapport de bug',
      builtin: true,
      fields: {
        type: 'BUG',
        emoji: '🐛',
        severity: 'P2',
        priority: 'medium',
        description: 'Ce qui se passe, et ce qui devrait se passer.',
        reproSteps: ['Ouvrir …', 'Faire …', 'Constater …'],
        criteria: [
          { text: 'Les étapes ci-dessus ne reproduisent plus le problème', checked: false },
          { text: 'Un test couvre le cas', checked: false },
        ],
      },
    },
    {
      id: 'builtin:feature',
      name: 'Demande de fonctionnalité',
      builtin: true,
      fields: {
        type: 'FEAT',
        emoji: '✨',
        priority: 'medium',
        userStory: 'En tant que …, je veux …, afin de …',
        specs: ['…'],
        criteria: [
          { text: 'Étant donné …, quand …, alors …', checked: false },
          { text: 'Cas limite : …', checked: false },
        ],
      },
    },
    {
      id: 'builtin:debt',
      name: 'Dette technique',
      builtin: true,
      fields: {
        type: 'DEBT',
        emoji: '🧹',
        priority: 'low',
        description: 'Ce qui ne va pas dans le code actuel, et ce que cela nous coûte.',
        constraints: ['Aucun changement de comportement'],
        criteria: [
          { text: 'Les tests passent toujours', checked: false },
          { text: 'Le code est plus simple à modifier', checked: false },
        ],
      },
    },
  ],
};

export function builtinTemplates(locale: string): Template[] {
  return BUILTIN[locale.toLowerCase().startsWith('fr') ? 'fr' : 'en'];
}
