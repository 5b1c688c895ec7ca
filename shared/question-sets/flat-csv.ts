import { csvObjects } from '../csv.js';
import { QUESTION_SET_FORMAT, type QuestionSetFileInput } from '../schemas/question-set.js';
import { MAX_PROBLEMS, type Conversion, type FileProblem, type SourceLocator } from './problems.js';

/**
 * The spreadsheet format: one row per (question, model), columns `question_id, category, prompt, model, answer`,
 * optionally `turn` (1, 2, … for multi-turn questions; default 1) and `language`. Rows of one question repeat its
 * prompt; they must agree.
 */
export const FLAT_CSV_COLUMNS = ['question_id', 'category', 'prompt', 'model', 'answer'] as const;

/** The set's question fields that come from one column. */
const COLUMN_OF: Record<string, string> = { category: 'category', language: 'language' };

interface DraftQuestion {
  line: number;
  /** The first row of each model's answer, and of each turn's prompt. */
  /** Each model's rows, by turn. */
  answerLines: Map<string, Map<number, number>>;
  promptLines: Map<number, number>;
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
  const modelLines: number[] = [];
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
      question = {
        line,
        answerLines: new Map(),
        promptLines: new Map(),
        category: values['category']!.trim(),
        language: values['language']?.trim() || undefined,
        prompts: new Map(),
        answers: new Map(),
      };
      questions.set(id, question);
    } else {
      if (question.category !== values['category']!.trim()) {
        problem({ line, field: 'category', reason: `question ${id} has category "${question.category}" on line ${question.line}` });
      }
      const language = values['language']?.trim() || undefined;
      if (language !== question.language) {
        problem({ line, field: 'language', reason: `question ${id} has language "${question.language ?? '(default)'}" on line ${question.line}` });
      }
    }
    const prompt = question.prompts.get(turn);
    if (prompt === undefined) {
      question.prompts.set(turn, values['prompt']!);
      question.promptLines.set(turn, line);
    }
    else if (prompt !== values['prompt']) problem({ line, field: 'prompt', reason: `differs from an earlier row's prompt for question ${id}, turn ${turn}` });

    if (!models.includes(model)) {
      models.push(model);
      modelLines.push(line);
    }
    let linesByTurn = question.answerLines.get(model);
    if (!linesByTurn) question.answerLines.set(model, (linesByTurn = new Map()));
    if (!linesByTurn.has(turn)) linesByTurn.set(turn, line);
    let byTurn = question.answers.get(model);
    if (!byTurn) question.answers.set(model, (byTurn = new Map()));
    if (byTurn.has(turn)) problem({ line, field: 'model', reason: `a second answer of "${model}" to question ${id}, turn ${turn}` });
    byTurn.set(turn, values['answer']!);
  }
  for (const [id, question] of questions) {
    // Turns 1 and 3 without 2 would quietly become a two-turn question.
    const turns = [...question.prompts.keys()].sort((a, b) => a - b);
    const gap = turns.findIndex((turn, i) => turn !== i + 1);
    if (gap >= 0) problem({ line: question.promptLines.get(turns[gap]!)!, field: 'turn', reason: `question ${id} has turn ${turns[gap]} but no turn ${gap + 1}` });
  }
  if (problems.length > 0) return { ok: false, problems };

  const inOrder = <T>(byTurn: Map<number, T>) => [...byTurn.entries()].sort(([a], [b]) => a - b).map(([, value]) => value);
  const drafts = [...questions.values()];
  const locate: SourceLocator = ([section, index, key, model, turnIndex]) => {
    if (section === 'models' && typeof index === 'number' && modelLines[index] !== undefined) {
      return { file, line: modelLines[index], field: 'model' };
    }
    const question = section === 'questions' && typeof index === 'number' ? drafts[index] : undefined;
    if (!question) return undefined;
    if (key === 'answers') {
      // A missing model's answer is missing from the question's rows: point at the question's first row. A problem in
      // one turn's answer is on that turn's row.
      const lines = typeof model === 'string' ? question.answerLines.get(model) : undefined;
      if (lines === undefined) return { file, line: question.line, field: 'model' };
      const line = (typeof turnIndex === 'number' ? inOrder(lines)[turnIndex] : undefined) ?? inOrder(lines)[0]!;
      return { file, line, field: 'answer' };
    }
    if (key === 'turns') return { file, line: inOrder(question.promptLines)[Number(model)] ?? question.line, field: 'prompt' };
    const column = key === 'id' ? 'question_id' : typeof key === 'string' && COLUMN_OF[key] ? COLUMN_OF[key] : '(row)';
    return { file, line: question.line, field: column };
  };
  return {
    ok: true,
    locate,
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
