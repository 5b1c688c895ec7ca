import { csvObjects } from '../csv.js';
import { QUESTION_SET_FORMAT, type QuestionSetFileInput } from '../schemas/question-set.js';
import { MAX_PROBLEMS, type Conversion, type FileProblem } from './problems.js';

/**
 * The spreadsheet format: one row per (question, model), columns `question_id, category, prompt, model, answer`,
 * optionally `turn` (1, 2, … for multi-turn questions; default 1) and `language`. Rows of one question repeat its
 * prompt; they must agree.
 */
export const FLAT_CSV_COLUMNS = ['question_id', 'category', 'prompt', 'model', 'answer'] as const;

interface DraftQuestion {
  line: number;
  category: string;
  language: string | undefined;
  prompts: Map<number, string>;
  answers: Map<string, Map<number, string>>;
}

export function fromFlatCsv(text: string, meta: { id: string; name: string; file?: string }): Conversion<QuestionSetFileInput> {
  const file = meta.file ?? 'questions.csv';
  const problems: FileProblem[] = [];
  const problem = (p: Omit<FileProblem, 'file'>) => {
    if (problems.length < MAX_PROBLEMS) problems.push({ file, ...p });
  };
  let table: ReturnType<typeof csvObjects>;
  try {
    table = csvObjects(text, FLAT_CSV_COLUMNS);
  } catch (error) {
    const line = Number(/^line (\d+)/.exec((error as Error).message)?.[1] ?? 1);
    return { ok: false, problems: [{ file, line, field: '(file)', reason: (error as Error).message }] };
  }
  if (table.missing.length > 0) {
    return { ok: false, problems: [{ file, line: 1, field: '(header)', reason: `missing column(s): ${table.missing.join(', ')}` }] };
  }

  const questions = new Map<string, DraftQuestion>();
  const models: string[] = [];
  for (const { line, values, width } of table.rows) {
    if (width !== table.header.length) {
      problem({ line, field: '(row)', reason: `has ${width} fields, the header has ${table.header.length}` });
      continue;
    }
    const id = values['question_id']!.trim();
    const model = values['model']!.trim();
    const turnText = values['turn']?.trim() || '1';
    const turn = Number(turnText);
    if (id === '') problem({ line, field: 'question_id', reason: 'must not be empty' });
    if (model === '') problem({ line, field: 'model', reason: 'must not be empty' });
    if (!Number.isInteger(turn) || turn < 1 || turn > 20) problem({ line, field: 'turn', reason: `"${turnText}" is not a turn number from 1 to 20` });
    if (id === '' || model === '' || !Number.isInteger(turn) || turn < 1 || turn > 20) continue;

    let question = questions.get(id);
    if (!question) {
      question = { line, category: values['category']!.trim(), language: values['language']?.trim() || undefined, prompts: new Map(), answers: new Map() };
      questions.set(id, question);
    } else if (question.category !== values['category']!.trim()) {
      problem({ line, field: 'category', reason: `question ${id} has category "${question.category}" on line ${question.line}` });
    }
    const prompt = question.prompts.get(turn);
    if (prompt === undefined) question.prompts.set(turn, values['prompt']!);
    else if (prompt !== values['prompt']) problem({ line, field: 'prompt', reason: `differs from an earlier row's prompt for question ${id}, turn ${turn}` });

    if (!models.includes(model)) models.push(model);
    let byTurn = question.answers.get(model);
    if (!byTurn) question.answers.set(model, (byTurn = new Map()));
    if (byTurn.has(turn)) problem({ line, field: 'model', reason: `a second answer of "${model}" to question ${id}, turn ${turn}` });
    byTurn.set(turn, values['answer']!);
  }
  if (problems.length > 0) return { ok: false, problems };

  const inOrder = <T>(byTurn: Map<number, T>) => [...byTurn.entries()].sort(([a], [b]) => a - b).map(([, value]) => value);
  return {
    ok: true,
    value: {
      format: QUESTION_SET_FORMAT,
      id: meta.id,
      name: meta.name,
      models: models.map((name) => ({ name })),
      questions: [...questions].map(([id, q]) => ({
        id,
        category: q.category,
        ...(q.language === undefined ? {} : { language: q.language }),
        turns: inOrder(q.prompts),
        answers: Object.fromEntries([...q.answers].map(([model, byTurn]) => [model, inOrder(byTurn)])),
      })),
    },
  };
}
