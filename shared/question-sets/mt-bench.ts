import { DEFAULT_CATEGORIES } from '../categories.js';
import { QUESTION_SET_FORMAT, type QuestionSetFileInput } from '../schemas/question-set.js';
import { MAX_PROBLEMS, type Conversion, type FileProblem, type SourceLocator } from './problems.js';

/**
 * FastChat's MT-Bench layout, read directly: `question.jsonl` (`question_id`, `category`, `turns`) and a folder
 * `model_answer/` with one `MODEL.jsonl` per model (`question_id`, `model_id`, `choices[0].turns`).
 * The result is in the project's own format, to be validated and imported like any upload.
 */

/** MT-Bench's eight categories on ours: four map to defaults, four are declared by the set. */
const MT_BENCH_CATEGORIES: Record<string, { id: string; name?: string }> = {
  writing: { id: 'writing' },
  reasoning: { id: 'reasoning' },
  math: { id: 'math' },
  coding: { id: 'programming' },
  roleplay: { id: 'roleplay', name: 'Roleplay' },
  extraction: { id: 'extraction', name: 'Extraction' },
  stem: { id: 'stem', name: 'STEM knowledge' },
  humanities: { id: 'humanities', name: 'Humanities and social science' },
};

export interface MtBenchFiles {
  /** The text of question.jsonl. */
  questions: string;
  /** File name (e.g. "gpt-4.jsonl") → text, for every file of model_answer/. */
  answers: Map<string, string>;
}

function* jsonLines(text: string): Generator<{ line: number; value: unknown; error?: string }> {
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!.trim();
    if (raw === '') continue;
    try {
      yield { line: i + 1, value: JSON.parse(raw) };
    } catch (error) {
      yield { line: i + 1, value: null, error: `not valid JSON: ${(error as Error).message}` };
    }
  }
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isTextList = (value: unknown): value is string[] => Array.isArray(value) && value.every((t) => typeof t === 'string');

export function fromMtBench(files: MtBenchFiles, meta: { id: string; name: string }): Conversion<QuestionSetFileInput> {
  const problems: FileProblem[] = [];
  const problem = (p: FileProblem) => {
    if (problems.length < MAX_PROBLEMS) problems.push(p);
  };

  const questions = new Map<string, { id: string; category: string; turns: string[]; line: number }>();
  const usedCategories = new Set<string>();
  for (const { line, value, error } of jsonLines(files.questions)) {
    const file = 'question.jsonl';
    if (error) {
      problem({ file, line, field: '(line)', reason: error });
      continue;
    }
    if (!isRecord(value)) {
      problem({ file, line, field: '(line)', reason: 'expected a JSON object' });
      continue;
    }
    const id = value['question_id'];
    if (typeof id !== 'number' && typeof id !== 'string') {
      problem({ file, line, field: 'question_id', reason: 'missing, or not a number or string' });
      continue;
    }
    const key = String(id);
    if (questions.has(key)) problem({ file, line, field: 'question_id', reason: `duplicate question id ${key} (first on line ${questions.get(key)!.line})` });
    // Our own default categories are read as they are, so a set exported in this layout reads back.
    const category =
      (Object.hasOwn(MT_BENCH_CATEGORIES, String(value['category'])) ? MT_BENCH_CATEGORIES[String(value['category'])] : undefined) ??
      ((DEFAULT_CATEGORIES as readonly string[]).includes(String(value['category'])) ? { id: String(value['category']) } : undefined);
    if (!category) {
      problem({ file, line, field: 'category', reason: `unknown MT-Bench category "${String(value['category'])}"` });
      continue;
    }
    if (!isTextList(value['turns']) || value['turns'].length === 0) {
      problem({ file, line, field: 'turns', reason: 'expected a non-empty list of strings' });
      continue;
    }
    usedCategories.add(category.id);
    questions.set(key, { id: key, category: category.id, turns: value['turns'], line });
  }

  const answers = new Map<string, Map<string, string[]>>();
  const answerLines = new Map<string, Map<string, number>>();
  for (const [fileName, text] of [...files.answers].sort(([a], [b]) => a.localeCompare(b))) {
    const file = `model_answer/${fileName}`;
    const model = fileName.replace(/\.jsonl$/, '');
    const byQuestion = new Map<string, string[]>();
    answers.set(model, byQuestion);
    const lines = new Map<string, number>();
    answerLines.set(model, lines);
    for (const { line, value, error } of jsonLines(text)) {
      if (error) {
        problem({ file, line, field: '(line)', reason: error });
        continue;
      }
      if (!isRecord(value)) {
        problem({ file, line, field: '(line)', reason: 'expected a JSON object' });
        continue;
      }
      const key = String(value['question_id']);
      if (!questions.has(key)) {
        problem({ file, line, field: 'question_id', reason: `answer for question ${key}, which question.jsonl does not have` });
        continue;
      }
      if (typeof value['model_id'] === 'string' && value['model_id'] !== model) {
        problem({ file, line, field: 'model_id', reason: `"${value['model_id']}" in a file named for "${model}"` });
      }
      const choices = value['choices'];
      const turns = Array.isArray(choices) && isRecord(choices[0]) ? choices[0]['turns'] : undefined;
      if (!isTextList(turns)) {
        problem({ file, line, field: 'choices.0.turns', reason: 'expected a list of strings' });
        continue;
      }
      if (byQuestion.has(key)) problem({ file, line, field: 'question_id', reason: `a second answer to question ${key}` });
      byQuestion.set(key, turns);
      lines.set(key, line);
    }
  }
  if (answers.size < 2) problem({ file: 'model_answer/', field: '(folder)', reason: `needs answers of at least two models, found ${answers.size}` });
  for (const [model, byQuestion] of answers) {
    for (const question of questions.values()) {
      if (!byQuestion.has(question.id)) {
        problem({ file: `model_answer/${model}.jsonl`, field: 'question_id', reason: `no answer to question ${question.id}` });
      }
    }
  }
  if (problems.length > 0) return { ok: false, problems };

  const declared = Object.values(MT_BENCH_CATEGORIES).filter(
    (c) => c.name !== undefined && usedCategories.has(c.id) && !(DEFAULT_CATEGORIES as readonly string[]).includes(c.id),
  );
  const inOrder = [...questions.values()];
  const models = [...answers.keys()];
  const locate: SourceLocator = ([section, index, key, model]) => {
    if (section === 'models' && typeof index === 'number' && models[index] !== undefined) {
      return { file: `model_answer/${models[index]}.jsonl`, field: '(file name)' };
    }
    const question = section === 'questions' && typeof index === 'number' ? inOrder[index] : undefined;
    if (!question) return undefined;
    if (key === 'answers' && typeof model === 'string') {
      return { file: `model_answer/${model}.jsonl`, line: answerLines.get(model)?.get(question.id), field: 'choices.0.turns' };
    }
    return { file: 'question.jsonl', line: question.line, field: key === 'id' ? 'question_id' : typeof key === 'string' ? key : '(line)' };
  };
  return {
    ok: true,
    locate,
    value: {
      format: QUESTION_SET_FORMAT,
      id: meta.id,
      name: meta.name,
      categories: declared.map((c) => ({ id: c.id, name: c.name! })),
      models: models.map((name) => ({ name })),
      questions: inOrder.map((q) => ({
        id: q.id,
        category: q.category,
        turns: q.turns,
        answers: Object.fromEntries([...answers].map(([model, byQuestion]) => [model, byQuestion.get(q.id)!])),
      })),
    },
  };
}
