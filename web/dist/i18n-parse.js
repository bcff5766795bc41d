import {
  parseEn,
  parseErrorText,
  parseZh
} from "./chunk-ETWDTFEK.js";
import "./chunk-VSTSGQUC.js";
export {
  parseEn,
  parseErrorText,
  parseZh
};
